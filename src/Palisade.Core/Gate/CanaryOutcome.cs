namespace Palisade.Core.Gate;

/// <summary>What the canary found for one image: it ran under the hardened runtime and under runc for comparison.</summary>
/// <param name="Image">The image (name or target).</param>
/// <param name="Source">The target it was built from.</param>
/// <param name="Runtime">The hardened runtime it ran under (<c>runsc</c>).</param>
/// <param name="Passed">It behaved under the hardened runtime as under runc (a job exited 0; a service stayed up and passed its probe).</param>
/// <param name="Summary">One line: what happened.</param>
/// <param name="Evidence">Compatibility evidence: unsupported syscalls seen, exit codes, output seen only under runsc.</param>
/// <param name="Note">Something the reviewer must know that does not fail the gate (Kata unavailable here, ran under runsc).</param>
public sealed record CanaryOutcome(string Image, string Source, string Runtime, bool Passed, string Summary, IReadOnlyList<string> Evidence, string? Note = null);
