using Palisade.Core.Manifests;

namespace Palisade.Core.Node;

/// <summary>A runtime config file for <c>node doctor</c>: its name (for the findings' sources) and its text.</summary>
public sealed record NodeConfigFile(string Name, string Text);

/// <summary>What <c>node doctor</c> judges: host facts (null with --config-only), the runtime configs, RuntimeClass manifests.</summary>
public sealed record NodeDoctorInput
{
    /// <summary>The host's facts, or null to judge the files alone.</summary>
    public NodeHostFacts? Host { get; init; }

    /// <summary>What the config checks may ask about the host (files, PATH).</summary>
    public required NodeHostView View { get; init; }

    /// <summary>containerd's config, or null.</summary>
    public NodeConfigFile? Containerd { get; init; }

    /// <summary>CRI-O's config, or null.</summary>
    public NodeConfigFile? Crio { get; init; }

    /// <summary>Manifests whose RuntimeClass handlers must exist in the configs, or null.</summary>
    public ManifestSet? Manifests { get; init; }
}

/// <summary>The verdict: findings errors first, or the one input problem that stopped the check (a file that does not parse).</summary>
public sealed record NodeDiagnosis(IReadOnlyList<NodeFinding> Findings, string? Problem)
{
    /// <summary>True when an error was found.</summary>
    public bool HasErrors => Findings.Any(f => f.Severity == FindingSeverity.Error);
}

/// <summary><c>node doctor</c>'s rules: host rules, config checks, RuntimeClass handlers against the configs. Pure.</summary>
public static class NodeDoctor
{
    public static NodeDiagnosis Diagnose(NodeDoctorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var findings = new List<NodeFinding>(input.Host is null ? [] : NodeHostRules.Findings(input.Host));
        var handlers = new HashSet<string>(StringComparer.Ordinal);
        var described = new List<string>();
        if (input.Containerd is { } containerd)
        {
            var result = ContainerdConfigChecker.Check(containerd.Text, containerd.Name, input.View);
            if (result.Problem is { } problem)
            {
                return new NodeDiagnosis([], problem.ToString());
            }

            findings.AddRange(result.Findings);
            handlers.UnionWith(result.Handlers.Count == 0 ? ["runc"] : result.Handlers);
            described.Add(containerd.Name);

            // The config check names the oom_score_adj problem with its file and fix; the host note would repeat it.
            findings.RemoveAll(f => f.Code == "oom-score-adj" && f.Source is null);
        }

        if (input.Crio is { } crio)
        {
            var result = CrioConfigChecker.Check(crio.Text, crio.Name, input.View);
            if (result.Problem is { } problem)
            {
                return new NodeDiagnosis([], problem.ToString());
            }

            findings.AddRange(result.Findings);
            handlers.UnionWith(result.Handlers);
            described.Add(crio.Name);
        }

        if (input.Manifests is { } manifests)
        {
            if (manifests.Diagnostics.Count > 0)
            {
                return new NodeDiagnosis([], manifests.Diagnostics[0].ToString());
            }

            if (described.Count == 0)
            {
                return new NodeDiagnosis([], "--manifests needs a runtime config to compare with: give --containerd-config or --crio-config");
            }

            findings.AddRange(RuntimeClassHandlerCheck.Check(manifests, handlers, string.Join(" + ", described)));
        }

        return new NodeDiagnosis([.. findings.OrderBy(f => f.Severity)], null);
    }
}
