namespace Palisade.Core.Policy.Testing;

/// <summary>The outcome of one expectation.</summary>
/// <param name="Suite">The suite's name.</param>
/// <param name="Source">The test file.</param>
/// <param name="Case">The expectation.</param>
/// <param name="Decision">What Palisade's engine decided.</param>
/// <param name="Mismatches">One line per field that differs (<c>tier: expected "x", got "y"</c>); empty when the case passed.</param>
public sealed record PolicyTestResult(string Suite, string Source, PolicyTestCase Case, PolicyDecision Decision, IReadOnlyList<string> Mismatches)
{
    public bool Passed => Mismatches.Count == 0;
}
