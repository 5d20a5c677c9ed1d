using Palisade.Core.Checking;
using Palisade.Core.Manifests;

namespace Palisade.Core.Policy.Testing;

/// <summary>
/// Runs a test suite through <see cref="RuntimePolicyEngine"/>, the engine <c>check --policy</c> and the webhook use.
/// Namespace objects among the resources give their labels to the namespace's resources, as in <c>check --policy</c>.
/// </summary>
public static class PolicyTestRunner
{
    public static IReadOnlyList<PolicyTestResult> Run(PolicyTestSuite suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var policy = LoadPolicy(suite.PolicyPath);
        var engine = new RuntimePolicyEngine(policy);
        var set = ManifestLoader.Load(suite.Resources);
        if (set.Diagnostics.Count > 0)
        {
            var d = set.Diagnostics[0];
            throw PolicyTestException.At(d.Source, d.Position.Line, d.Position.Column, d.Message);
        }

        var labels = ManifestChecker.NamespaceLabels(set.Objects);
        var results = new List<PolicyTestResult>(suite.Cases.Count);
        foreach (var testCase in suite.Cases)
        {
            if (testCase.Tier is { } tier && policy.FindTier(tier) is null)
            {
                throw PolicyTestException.At(suite.Source, testCase.Line, testCase.Column, $"tier \"{tier}\" is not a tier of policy \"{policy.Name}\" ({string.Join(", ", policy.Tiers.Select(t => t.Name))})");
            }

            var obj = Find(suite, set.Objects, testCase);
            var read = PodTemplateReader.Read(obj);
            if (read.Error is { } error)
            {
                throw PolicyTestException.At(error.Source, error.Position.Line, error.Position.Column, error.Message);
            }

            if (read.Template is null)
            {
                throw PolicyTestException.At(suite.Source, testCase.Line, testCase.Column, $"resource {testCase.Resource} {(read.IsPodBearing ? "has no pod template" : "runs no pods")}");
            }

            var nsLabels = obj.Namespace is not null && labels.TryGetValue(obj.Namespace, out var l) ? l : null;
            var decision = engine.Evaluate(PolicyRequestFactory.Create(obj, read.Template, nsLabels));
            results.Add(new PolicyTestResult(suite.Name, suite.Source, testCase, decision, Compare(testCase, decision)));
        }

        return results;
    }

    private static List<string> Compare(PolicyTestCase expected, PolicyDecision actual)
    {
        var mismatches = new List<string>();
        if (expected.Tier is not null && expected.Tier != actual.Tier)
        {
            mismatches.Add($"tier: expected \"{expected.Tier}\", got \"{actual.Tier}\" ({actual.TierReason})");
        }

        var actualClass = actual.AssignedRuntimeClass ?? "";
        if (expected.RuntimeClass is not null && expected.RuntimeClass != actualClass)
        {
            mismatches.Add($"runtimeClass: expected {Show(expected.RuntimeClass)}, got {Show(actualClass)}");
        }

        if (expected.Allowed != actual.Allowed)
        {
            mismatches.Add(expected.Allowed ? $"allowed: expected allowed, got denied: {actual.Message}" : "allowed: expected denied, got allowed");
        }

        return mismatches;
    }

    private static string Show(string runtimeClass) => runtimeClass.Length == 0 ? "none" : $"\"{runtimeClass}\"";

    private static RuntimePolicy LoadPolicy(string? path)
    {
        if (path is null)
        {
            return RuntimePolicyLoader.Default;
        }

        try
        {
            return RuntimePolicyLoader.Load(path);
        }
        catch (RuntimePolicyException e)
        {
            throw new PolicyTestException(e.Problems.Count > 0 ? e.Problems[0].ToString() : e.Message, e);
        }
    }

    private static ManifestObject Find(PolicyTestSuite suite, IReadOnlyList<ManifestObject> objects, PolicyTestCase testCase)
    {
        var parts = testCase.Resource.Split('/');
        var (kind, ns, name) = parts.Length == 3 ? (parts[0], parts[1], parts[2]) : (parts[0], null, parts[1]);
        var found = objects.Where(o => o.Kind == kind && o.Name == name && (ns is null || o.Namespace == ns)).Take(2).ToList();
        return found.Count switch
        {
            1 => found[0],
            0 => throw PolicyTestException.At(suite.Source, testCase.Line, testCase.Column, $"resource {testCase.Resource} is not in {string.Join(", ", suite.Resources.Select(Path.GetFileName))}"),
            _ => throw PolicyTestException.At(suite.Source, testCase.Line, testCase.Column, $"resource {testCase.Resource} names more than one object; write Kind/namespace/name"),
        };
    }
}
