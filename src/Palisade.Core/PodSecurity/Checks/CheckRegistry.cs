using static Palisade.Core.PodSecurity.Checks.Relaxations;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>
/// The check table (ids, levels, variants by minimum policy version) and the check sets precomputed from it for
/// every (level, minor) up to <see cref="MaxMinor"/>.
/// </summary>
internal static class CheckRegistry
{
    public static IReadOnlyList<CheckDefinition> Definitions { get; } =
    [
        // Baseline.
        new("appArmorProfile", PodSecurityLevel.Baseline, [new(0, AppArmorProfileCheck.Evaluate)]),
        new("capabilities_baseline", PodSecurityLevel.Baseline, [new(0, CapabilitiesBaselineCheck.Evaluate)]),
        new("hostNamespaces", PodSecurityLevel.Baseline, [new(0, HostNamespacesCheck.Evaluate)]),
        new("hostPathVolumes", PodSecurityLevel.Baseline, [new(0, HostPathVolumesCheck.Evaluate)]),
        new("hostPorts", PodSecurityLevel.Baseline, [new(0, HostPortsCheck.Evaluate)]),
        new("hostProbesAndHostLifecycle", PodSecurityLevel.Baseline, [new(34, HostProbesAndHostLifecycleCheck.Evaluate)]),
        new("privileged", PodSecurityLevel.Baseline, [new(0, PrivilegedCheck.Evaluate)]),
        new("procMount", PodSecurityLevel.Baseline,
        [
            new(0, ProcMountCheck.Evaluate),
            new(35, ExceptUserNamespace(ProcMountCheck.Evaluate)),
        ]),
        new("seLinuxOptions", PodSecurityLevel.Baseline,
        [
            new(0, SeLinuxOptionsCheck.EvaluateV1_0),
            new(31, SeLinuxOptionsCheck.EvaluateV1_31),
        ]),
        new("seccompProfile_baseline", PodSecurityLevel.Baseline,
        [
            new(0, SeccompProfileBaselineCheck.EvaluateAnnotations),
            new(19, SeccompProfileBaselineCheck.EvaluateFields),
        ]),
        new("sysctls", PodSecurityLevel.Baseline,
        [
            new(0, SysctlsCheck.ForMinor(0)),
            new(27, SysctlsCheck.ForMinor(27)),
            new(29, SysctlsCheck.ForMinor(29)),
            new(32, SysctlsCheck.ForMinor(32)),
            new(37, SysctlsCheck.ForMinor(37)),
        ]),
        new("windowsHostProcess", PodSecurityLevel.Baseline, [new(0, WindowsHostProcessCheck.Evaluate)]),

        // Restricted.
        new("allowPrivilegeEscalation", PodSecurityLevel.Restricted,
        [
            new(8, AllowPrivilegeEscalationCheck.Evaluate),
            new(25, ExceptWindows(AllowPrivilegeEscalationCheck.Evaluate)),
        ]),
        new("capabilities_restricted", PodSecurityLevel.Restricted,
        [
            new(22, CapabilitiesRestrictedCheck.Evaluate, ["capabilities_baseline"]),
            new(25, ExceptWindows(CapabilitiesRestrictedCheck.Evaluate), ["capabilities_baseline"]),
        ]),
        new("procMount_restricted", PodSecurityLevel.Restricted,
        [
            new(35, ProcMountCheck.Evaluate, ["procMount"]),
        ]),
        new("restrictedVolumes", PodSecurityLevel.Restricted,
        [
            new(0, RestrictedVolumesCheck.Evaluate, ["hostPathVolumes"]),
        ]),
        new("runAsNonRoot", PodSecurityLevel.Restricted,
        [
            new(0, RunAsNonRootCheck.Evaluate),
            new(35, ExceptUserNamespace(RunAsNonRootCheck.Evaluate)),
        ]),
        new("runAsUser", PodSecurityLevel.Restricted,
        [
            new(23, RunAsUserCheck.Evaluate),
            new(35, ExceptUserNamespace(RunAsUserCheck.Evaluate)),
        ]),
        new("seccompProfile_restricted", PodSecurityLevel.Restricted,
        [
            new(19, SeccompProfileRestrictedCheck.Evaluate, ["seccompProfile_baseline"]),
            new(25, ExceptWindows(SeccompProfileRestrictedCheck.Evaluate), ["seccompProfile_baseline"]),
        ]),
    ];

    /// <summary>The highest minimum version of any variant: <c>latest</c> and anything newer clamp to it.</summary>
    public static int MaxMinor { get; } = ComputeMaxMinor(Definitions);

    private static readonly ActiveCheck[][] BaselineSets = BuildSets(PodSecurityLevel.Baseline);
    private static readonly ActiveCheck[][] RestrictedSets = BuildSets(PodSecurityLevel.Restricted);

    /// <summary>The ordered checks to run at <paramref name="level"/> and the already clamped <paramref name="minor"/>.</summary>
    public static ActiveCheck[] ChecksFor(PodSecurityLevel level, int minor) => level switch
    {
        PodSecurityLevel.Baseline => BaselineSets[minor],
        PodSecurityLevel.Restricted => RestrictedSets[minor],
        _ => [],
    };

    /// <summary>Clamps a label version to the table: <c>latest</c> and minors above the maximum become the maximum.</summary>
    public static int Clamp(PodSecurityVersion version) =>
        version.IsLatest || version.Minor > MaxMinor ? MaxMinor : version.Minor;

    private static int ComputeMaxMinor(IReadOnlyList<CheckDefinition> definitions)
    {
        var max = 0;
        foreach (var definition in definitions)
        {
            foreach (var variant in definition.Variants)
            {
                max = Math.Max(max, variant.MinMinor);
            }
        }

        return max;
    }

    private static ActiveCheck[][] BuildSets(PodSecurityLevel level)
    {
        var sets = new ActiveCheck[MaxMinor + 1][];
        for (var minor = 0; minor <= MaxMinor; minor++)
        {
            sets[minor] = BuildSet(level, minor);
        }

        return sets;
    }

    /// <summary>Baseline ids in ordinal order, then restricted ids in ordinal order; overridden ids dropped.</summary>
    private static ActiveCheck[] BuildSet(PodSecurityLevel level, int minor)
    {
        var overridden = new HashSet<string>(StringComparer.Ordinal);
        if (level == PodSecurityLevel.Restricted)
        {
            foreach (var definition in Definitions)
            {
                if (definition.Level == PodSecurityLevel.Restricted && definition.VariantAt(minor) is { } variant)
                {
                    overridden.UnionWith(variant.Overrides);
                }
            }
        }

        var result = new List<ActiveCheck>();
        foreach (var checkLevel in (ReadOnlySpan<PodSecurityLevel>)[PodSecurityLevel.Baseline, PodSecurityLevel.Restricted])
        {
            if (checkLevel > level)
            {
                break;
            }

            var ids = new List<(string Id, CheckVariant Variant)>();
            foreach (var definition in Definitions)
            {
                if (definition.Level == checkLevel && !overridden.Contains(definition.Id) && definition.VariantAt(minor) is { } variant)
                {
                    ids.Add((definition.Id, variant));
                }
            }

            ids.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
            foreach (var (id, variant) in ids)
            {
                result.Add(new ActiveCheck(id, variant.Evaluate));
            }
        }

        return [.. result];
    }
}
