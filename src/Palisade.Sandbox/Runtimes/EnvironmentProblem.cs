namespace Palisade.Sandbox.Runtimes;

/// <summary>Something missing on this host (a binary, a device, a permission), with the exact command that fixes it.</summary>
/// <param name="Message">What is wrong, in one line.</param>
/// <param name="Fix">What to run or change; the CLI prints it and exits with code 3.</param>
public sealed record EnvironmentProblem(string Message, string Fix);

/// <summary>Thrown when a run cannot start because the host lacks something; carries the fix.</summary>
public sealed class EnvironmentProblemException : Exception
{
    /// <summary>Creates the exception from a problem.</summary>
    public EnvironmentProblemException(EnvironmentProblem problem)
        : base(problem?.Message + " Fix: " + problem?.Fix) => Problem = problem!;

    /// <summary>The problem and its fix.</summary>
    public EnvironmentProblem Problem { get; }
}
