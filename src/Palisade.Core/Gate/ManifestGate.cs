using Palisade.Core.Checking;
using Palisade.Core.Cis;
using Palisade.Core.Manifests;
using Palisade.Core.Policy;
using Palisade.Core.Scanning;

namespace Palisade.Core.Gate;

/// <summary>
/// The manifest part of the gate: Pod Security and the runtime policy exactly as <c>check --policy</c> evaluates them,
/// the registry rule (an image from outside the internal registries needs one of the external runtime classes),
/// and the CIS pod checks. It also lists every container's image and effective runtime class for the other parts.
/// </summary>
internal static class ManifestGate
{
    public const string ExternalRegistryCheck = "externalRegistry";

    public static (List<GateFinding> Findings, List<ImageUse> Uses, List<GateInputProblem> Problems) Evaluate(ManifestSet set, RuntimePolicy policy)
    {
        var findings = new List<GateFinding>();
        var uses = new List<ImageUse>();
        var report = ManifestChecker.Check(set, new CheckOptions(RuntimePolicy: policy));
        var problems = report.Errors.Select(e => new GateInputProblem(e.Source, e.Position.Line, e.Position.Column, e.Message)).ToList();
        var results = report.Results.ToDictionary(r => (r.Source, r.Document, r.Item));
        foreach (var r in report.Results)
        {
            foreach (var v in r.Violations)
            {
                var message = v.Check == RuntimePolicyEngine.RuntimeClassCheck ? v.Message : $"{v.Reason} ({v.Message})";
                findings.Add(Finding(GateCategory.Manifests, v.Check, Severity.High, r.DisplayName, message, r.Source, v.Position.IsKnown ? v.Position : r.Position));
            }
        }

        var gate = policy.Gate;
        var internalPatterns = gate.InternalRegistries.Select(RegistryPattern.Create).ToList();
        foreach (var obj in set.Objects)
        {
            var read = PodTemplateReader.Read(obj);
            if (read.Template is not { } template || !results.TryGetValue((obj.Source, obj.Document, obj.Item), out var result))
            {
                continue;
            }

            foreach (var cis in CisPodChecks.Evaluate(obj, template))
            {
                findings.Add(FromCis(cis));
            }

            var spec = template.Spec;
            var containers = (spec.Containers ?? []).Select((c, i) => (c, $"/spec/containers/{i}"))
                .Concat((spec.InitContainers ?? []).Select((c, i) => (c, $"/spec/initContainers/{i}")));
            foreach (var (c, pointer) in containers)
            {
                if (string.IsNullOrEmpty(c.Image))
                {
                    continue;
                }

                var position = obj.Locate(template.Pointer + pointer + "/image");
                var use = new ImageUse(c.Image, c.Name, result.DisplayName, obj.Source, position, result.RuntimeClass, c.LivenessProbe is not null || c.ReadinessProbe is not null);
                uses.Add(use);
                if (gate.ExternalRuntimeClasses.Count == 0)
                {
                    continue;
                }

                var reference = ImageReference.Parse(c.Image);
                if (internalPatterns.Any(p => p.Matches(reference)) || (use.RuntimeClass is { } rc && gate.ExternalRuntimeClasses.Contains(rc)))
                {
                    continue;
                }

                findings.Add(Finding(
                    GateCategory.Manifests,
                    ExternalRegistryCheck,
                    Severity.High,
                    result.DisplayName,
                    $"container \"{c.Name}\" runs {c.Image} from the external registry {reference.Registry}: it must run with runtimeClassName {Either(gate.ExternalRuntimeClasses)} (it runs with {(use.RuntimeClass is null ? "none, so runc" : $"\"{use.RuntimeClass}\"")})",
                    obj.Source,
                    position));
            }
        }

        return (findings, uses, problems);
    }

    public static GateFinding FromCis(CisFinding cis) =>
        Finding(GateCategory.Cis, cis.Check.Id, cis.Check.Fails ? Severity.High : Severity.Low, cis.Subject, cis.Message, cis.Source, cis.Position) with
        {
            Outcome = cis.Check.Fails ? GateOutcome.Fail : GateOutcome.Warn,
            Runsc = cis.Check.Runsc,
        };

    public static GateFinding Finding(GateCategory category, string rule, Severity severity, string subject, string message, string source, SourcePosition position)
    {
        var key = $"{category.ToString().ToLowerInvariant()}|{rule}|{subject}|{message}";
        return new GateFinding(category, rule, severity, subject, message, source, position, key, Scanning.JsonFields.Fingerprint(key));
    }

    public static string Either(IReadOnlyList<string> classes) =>
        classes.Count == 1 ? classes[0] : string.Join(", ", classes.Take(classes.Count - 1)) + " or " + classes[^1];
}
