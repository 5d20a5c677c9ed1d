using Palisade.Core.Manifests;
using Palisade.Core.Scanning;

namespace Palisade.Core.Gate;

/// <summary>The four kinds of evidence the gate weighs; each is one SARIF run (code scanning rejects duplicate categories).</summary>
public enum GateCategory
{
    Manifests,
    Vulnerabilities,
    Cis,
    Canary,
}

/// <summary>What became of a finding.</summary>
public enum GateOutcome
{
    /// <summary>Fails the gate.</summary>
    Fail,

    /// <summary>Reported, never fails (informational CIS checks, ignored checks).</summary>
    Warn,

    /// <summary>A valid suppression accepts it; <see cref="GateFinding.Note"/> holds its reason.</summary>
    Suppressed,

    /// <summary>It was in the baseline.</summary>
    Baselined,

    /// <summary>Accepted because every pod running the image uses the stronger runtime class the escalation rule asks for.</summary>
    Escalated,
}

/// <summary>One finding of the gate, whatever produced it.</summary>
/// <param name="Category">Manifests, vulnerabilities, CIS or canary.</param>
/// <param name="RuleId">The check id, CIS id or vulnerability id.</param>
/// <param name="Severity">On the scanners' scale; policy and CIS failures are high, warnings low.</param>
/// <param name="Subject">The image or object it is about.</param>
/// <param name="Message">What was found.</param>
/// <param name="Source">The file to point at: manifest, report, suppressions file, image target.</param>
/// <param name="Position">Line and column in <see cref="Source"/>, when known.</param>
/// <param name="Key">The baseline key (stable across runs and image rebuilds).</param>
/// <param name="Fingerprint">The SARIF partial fingerprint: trivy's <c>Fingerprint</c> when present, else a hash of the key.</param>
public sealed record GateFinding(
    GateCategory Category,
    string RuleId,
    Severity Severity,
    string Subject,
    string Message,
    string Source,
    SourcePosition Position,
    string Key,
    string Fingerprint)
{
    public GateOutcome Outcome { get; init; } = GateOutcome.Fail;

    /// <summary>The suppression reason, the escalation applied, or other context.</summary>
    public string? Note { get; init; }

    /// <summary>What the check means under runsc, when that differs from runc (CIS).</summary>
    public string? Runsc { get; init; }

    /// <summary>The CVSS v3 score, for SARIF's <c>security-severity</c>.</summary>
    public double? Score { get; init; }

    /// <summary>Vulnerability details: package, installed and fixed versions, fix state.</summary>
    public ScanFinding? Vulnerability { get; init; }

    /// <summary>Canary evidence: unsupported syscalls, exit codes, output only seen under runsc.</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];
}
