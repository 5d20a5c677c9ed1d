namespace Palisade.Core.Policy;

/// <summary>A policy file that cannot be used, with every problem found in it.</summary>
public sealed class RuntimePolicyException : Exception
{
    public RuntimePolicyException()
        : this([])
    {
    }

    public RuntimePolicyException(string message)
        : base(message)
    {
        Problems = [];
    }

    public RuntimePolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    public RuntimePolicyException(IReadOnlyList<PolicyProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<PolicyProblem> Problems { get; }

    private static string Describe(IReadOnlyList<PolicyProblem> problems) => problems.Count switch
    {
        0 => "invalid runtime policy",
        1 => problems[0].ToString(),
        2 => $"{problems[0]} (and 1 more problem)",
        _ => $"{problems[0]} (and {problems.Count - 1} more problems)",
    };
}
