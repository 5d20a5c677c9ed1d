using Palisade.Core.Manifests;

namespace Palisade.Core.Policy;

/// <summary>Reads and validates runtime policy files. A file with problems is rejected whole, with every problem listed.</summary>
public static class RuntimePolicyLoader
{
    /// <summary>The source name of <see cref="Default"/>.</summary>
    public const string BuiltInSource = "built-in";

    private const string DefaultResource = "Palisade.Core.Policy.runtime-policy.yaml";

    /// <summary>The built-in policy: the content of <c>examples/runtime-policy.yaml</c>.</summary>
    public static RuntimePolicy Default => BuiltIn.Value;

    /// <summary>The text of the built-in policy, as shipped in <c>examples/runtime-policy.yaml</c>.</summary>
    public static string DefaultText { get; } = ReadResource();

    private static readonly Lazy<RuntimePolicy> BuiltIn = new(() => Parse(DefaultText, BuiltInSource));

    /// <summary>Loads the policy file at <paramref name="path"/>; throws <see cref="RuntimePolicyException"/> listing every problem.</summary>
    public static RuntimePolicy Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var set = ManifestLoader.Load([path]);
        return Build(path, set);
    }

    /// <summary>Parses policy text named <paramref name="source"/>; throws <see cref="RuntimePolicyException"/> listing every problem.</summary>
    public static RuntimePolicy Parse(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(source);
        return Build(source, ManifestLoader.LoadText(source, yaml));
    }

    private static RuntimePolicy Build(string source, ManifestSet set)
    {
        var problems = new List<PolicyProblem>();
        foreach (var diagnostic in set.Diagnostics)
        {
            problems.Add(new PolicyProblem(diagnostic.Source, diagnostic.Position.Line, diagnostic.Position.Column, diagnostic.Message));
        }

        if (problems.Count > 0)
        {
            throw new RuntimePolicyException(problems);
        }

        if (set.Objects.Count == 0)
        {
            throw new RuntimePolicyException([new PolicyProblem(source, 0, 0, "no RuntimePolicy in the file")]);
        }

        if (set.Objects.Count > 1)
        {
            var second = set.Objects[1].Position;
            throw new RuntimePolicyException(
                [new PolicyProblem(source, second.Line, second.Column, $"a policy file holds one RuntimePolicy; found {set.Objects.Count} objects")]);
        }

        var policy = PolicyReader.Read(set.Objects[0], problems);
        if (problems.Count > 0 || policy is null)
        {
            throw new RuntimePolicyException(problems);
        }

        return policy;
    }

    private static string ReadResource()
    {
        using var stream = typeof(RuntimePolicyLoader).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"resource {DefaultResource} is missing from {typeof(RuntimePolicyLoader).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
