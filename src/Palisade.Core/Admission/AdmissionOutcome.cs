using Palisade.Core.Manifests;
using Palisade.Core.Policy;

namespace Palisade.Core.Admission;

/// <summary>
/// What <see cref="AdmissionReviewHandler"/> made of one request. Either <see cref="BadRequest"/> is set (the body
/// is not a v1 AdmissionReview: HTTP 400, no review written) or <see cref="Response"/> is.
/// </summary>
public sealed record AdmissionOutcome
{
    /// <summary>Why the body was refused as a whole, in one line; null when a response was written.</summary>
    public string? BadRequest { get; init; }

    /// <summary>Where in the body the JSON went wrong, when it is malformed JSON.</summary>
    public SourcePosition BadRequestPosition { get; init; }

    public AdmissionResponse? Response { get; init; }

    public string Uid { get; init; } = "";

    /// <summary>CREATE, UPDATE, DELETE or CONNECT.</summary>
    public string Operation { get; init; } = "";

    /// <summary>The kind from <c>request.kind</c>; empty when unknown.</summary>
    public string Kind { get; init; } = "";

    public string? Namespace { get; init; }

    public string? Name { get; init; }

    public string? UserName { get; init; }

    public bool DryRun { get; init; }

    /// <summary><c>allowed</c>, <c>patched</c> (allowed with a patch), <c>warned</c> (a controller with warnings) or <c>denied</c>.</summary>
    public string Verdict { get; init; } = "";

    /// <summary>The tier that matched; empty when the object was not evaluated.</summary>
    public string Tier { get; init; } = "";

    public string TierReason { get; init; } = "";

    /// <summary>The runtime class the pod runs with once admitted; empty for none.</summary>
    public string RuntimeClass { get; init; } = "";

    /// <summary>The engine's decision, when the object was evaluated.</summary>
    public PolicyDecision? Decision { get; init; }

    /// <summary>Why the object could not be evaluated, when the fail mode answered instead of the engine.</summary>
    public string? EvaluationError { get; init; }

    /// <summary>The status message or, for an allowed request, the first warning: what a log line should say.</summary>
    public string? Message { get; init; }
}
