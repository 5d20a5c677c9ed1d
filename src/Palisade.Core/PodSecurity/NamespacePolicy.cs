using Palisade.Core.PodSecurity.Checks;

namespace Palisade.Core.PodSecurity;

/// <summary>Resolves the <c>pod-security.kubernetes.io/*</c> namespace labels as upstream does.</summary>
public static class NamespacePolicy
{
    public const string EnforceLevelLabel = "pod-security.kubernetes.io/enforce";
    public const string EnforceVersionLabel = "pod-security.kubernetes.io/enforce-version";
    public const string AuditLevelLabel = "pod-security.kubernetes.io/audit";
    public const string AuditVersionLabel = "pod-security.kubernetes.io/audit-version";
    public const string WarnLevelLabel = "pod-security.kubernetes.io/warn";
    public const string WarnVersionLabel = "pod-security.kubernetes.io/warn-version";

    private const string LevelError = "must be one of privileged, baseline, restricted";
    private const string VersionError = "must be \"latest\" or \"v1.x\"";

    private static readonly LevelVersion PrivilegedLatest = new(PodSecurityLevel.Privileged, PodSecurityVersion.Latest);

    /// <summary>
    /// Resolves enforce (starting from <paramref name="defaultEnforce"/>), audit and warn (starting from
    /// <c>privileged:latest</c>). An invalid enforce level fails closed to restricted; invalid audit and warn levels
    /// fail open to privileged; an invalid version becomes latest. Without a warn label, warn inherits a stricter
    /// valid enforce label.
    /// </summary>
    public static NamespacePolicyResult Resolve(IReadOnlyDictionary<string, string>? labels, LevelVersion defaultEnforce)
    {
        ArgumentNullException.ThrowIfNull(defaultEnforce);
        var errors = new List<string>();
        labels ??= new Dictionary<string, string>();

        var enforce = ResolveMode(labels, EnforceLevelLabel, EnforceVersionLabel, defaultEnforce, PodSecurityLevel.Restricted, errors, out var enforceLevelValid);
        var audit = ResolveMode(labels, AuditLevelLabel, AuditVersionLabel, PrivilegedLatest, PodSecurityLevel.Privileged, errors, out _);
        var warn = ResolveMode(labels, WarnLevelLabel, WarnVersionLabel, PrivilegedLatest, PodSecurityLevel.Privileged, errors, out _);

        if (!labels.ContainsKey(WarnLevelLabel)
            && labels.ContainsKey(EnforceLevelLabel)
            && enforceLevelValid
            && warn.Level < enforce.Level)
        {
            warn = new LevelVersion(enforce.Level, labels.ContainsKey(WarnVersionLabel) ? warn.Version : enforce.Version);
        }

        return new NamespacePolicyResult(enforce, audit, warn, errors);
    }

    private static LevelVersion ResolveMode(
        IReadOnlyDictionary<string, string> labels,
        string levelLabel,
        string versionLabel,
        LevelVersion fallback,
        PodSecurityLevel levelOnError,
        List<string> errors,
        out bool levelValid)
    {
        var level = fallback.Level;
        var version = fallback.Version;
        levelValid = true;

        if (labels.TryGetValue(levelLabel, out var levelText))
        {
            if (LevelNames.TryParse(levelText, out var parsed))
            {
                level = parsed;
            }
            else
            {
                levelValid = false;
                level = levelOnError;
                errors.Add(Error(levelLabel, LevelError, levelText));
            }
        }

        if (labels.TryGetValue(versionLabel, out var versionText))
        {
            if (PodSecurityVersion.TryParse(versionText, out var parsed))
            {
                version = parsed;
            }
            else
            {
                version = PodSecurityVersion.Latest;
                errors.Add(Error(versionLabel, VersionError, versionText));
            }
        }

        return level == fallback.Level && version == fallback.Version ? fallback : new LevelVersion(level, version);
    }

    private static string Error(string label, string message, string? value) =>
        $"{label}: {message} (got {MessageText.GoQuote(value ?? string.Empty)})";
}
