using Palisade.Core.Gate;

namespace Palisade.Sandbox.Gate;

/// <summary>The verdict, or the bad inputs that stopped the gate before it could weigh anything (exit code 2).</summary>
public sealed record GateRunResult(GateVerdict? Verdict, IReadOnlyList<GateInputProblem> Problems);
