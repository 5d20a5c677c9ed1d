using Palisade.Core.PodSecurity;

namespace Palisade.Core.Tests.PodSecurity;

public sealed class NamespacePolicyTests
{
    private static readonly LevelVersion PrivilegedLatest = new(PodSecurityLevel.Privileged, PodSecurityVersion.Latest);

    private static NamespacePolicyResult Resolve(params (string Key, string Value)[] labels) =>
        NamespacePolicy.Resolve(labels.ToDictionary(l => "pod-security.kubernetes.io/" + l.Key, l => l.Value), PrivilegedLatest);

    [Fact]
    public void Resolve_NoLabels_KeepsDefaults()
    {
        var defaults = new LevelVersion(PodSecurityLevel.Baseline, PodSecurityVersion.Of(30));

        var result = NamespacePolicy.Resolve(null, defaults);

        Assert.Equal(defaults, result.Enforce);
        Assert.Equal(PrivilegedLatest, result.Audit);
        Assert.Equal(PrivilegedLatest, result.Warn);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Resolve_ValidLabels_SetsEachMode()
    {
        var result = Resolve(("enforce", "baseline"), ("enforce-version", "v1.30"), ("audit", "restricted"), ("warn", "restricted"), ("warn-version", "v1.29"));

        Assert.Equal("baseline:v1.30", result.Enforce.ToString());
        Assert.Equal("restricted:latest", result.Audit.ToString());
        Assert.Equal("restricted:v1.29", result.Warn.ToString());
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Resolve_InvalidEnforceLevel_FailsClosedWithError()
    {
        var result = Resolve(("enforce", "Restricted"));

        Assert.Equal("restricted:latest", result.Enforce.ToString());
        Assert.Equal("pod-security.kubernetes.io/enforce: must be one of privileged, baseline, restricted (got \"Restricted\")", Assert.Single(result.Errors));
        // An invalid enforce label is not inherited by warn.
        Assert.Equal(PrivilegedLatest, result.Warn);
    }

    [Fact]
    public void Resolve_InvalidAuditAndWarnLevels_FailOpenWithErrors()
    {
        var result = Resolve(("audit", "strict"), ("warn", ""));

        Assert.Equal(PrivilegedLatest, result.Audit);
        Assert.Equal(PrivilegedLatest, result.Warn);
        Assert.Equal(2, result.Errors.Count);
        Assert.StartsWith("pod-security.kubernetes.io/audit: must be one of privileged, baseline, restricted", result.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("pod-security.kubernetes.io/warn: must be one of privileged, baseline, restricted", result.Errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_InvalidVersion_BecomesLatestWithError()
    {
        var result = Resolve(("enforce", "baseline"), ("enforce-version", "v1.05"));

        Assert.Equal("baseline:latest", result.Enforce.ToString());
        Assert.Equal("pod-security.kubernetes.io/enforce-version: must be \"latest\" or \"v1.x\" (got \"v1.05\")", Assert.Single(result.Errors));
    }

    [Fact]
    public void Resolve_NoWarnLabel_InheritsStricterEnforce()
    {
        var result = Resolve(("enforce", "baseline"), ("enforce-version", "v1.30"));

        Assert.Equal("baseline:v1.30", result.Warn.ToString());
    }

    [Fact]
    public void Resolve_NoWarnLabelButWarnVersion_InheritsLevelOnly()
    {
        var result = Resolve(("enforce", "restricted"), ("enforce-version", "v1.30"), ("warn-version", "v1.25"));

        Assert.Equal("restricted:v1.25", result.Warn.ToString());
    }

    [Fact]
    public void Resolve_ExplicitWarnLabel_IsNotOverriddenByEnforce()
    {
        var result = Resolve(("enforce", "restricted"), ("warn", "baseline"));

        Assert.Equal("baseline:latest", result.Warn.ToString());
    }

    [Fact]
    public void Resolve_EnforceFromDefaultsOnly_IsNotInheritedByWarn()
    {
        var result = NamespacePolicy.Resolve(new Dictionary<string, string>(), LevelVersion.RestrictedLatest);

        Assert.Equal(PrivilegedLatest, result.Warn);
    }
}
