using Palisade.Core.Seccomp;

namespace Palisade.Core.Tests.Seccomp;

public sealed class SeccompValidatorTests
{
    private static SeccompProfile Profile(params SeccompRule[] rules) => new()
    {
        DefaultAction = SeccompActions.Errno,
        DefaultErrnoRet = 1,
        Architectures = [SeccompArchitectures.X8664, SeccompArchitectures.X86, SeccompArchitectures.X32],
        Syscalls = rules,
    };

    private static SeccompProblem Single(SeccompProfile profile, string code)
    {
        var problems = SeccompValidator.Validate(profile);
        return Assert.Single(problems, p => p.Code == code);
    }

    [Fact]
    public void Validate_CleanProfile_ReportsNothing() =>
        Assert.Empty(SeccompValidator.Validate(Profile(
            new SeccompRule(["read", "write"], SeccompActions.Allow),
            new SeccompRule(["personality"], SeccompActions.Allow, Args: [new SeccompArg(0, 8, null, SeccompOps.Equal)]),
            new SeccompRule(["personality"], SeccompActions.Allow, Args: [new SeccompArg(0, 0, null, SeccompOps.Equal)]),
            new SeccompRule(["clone3"], SeccompActions.Errno, 38))));

    [Fact]
    public void Validate_UnknownSyscall_NamesSyscallAndRule()
    {
        var problem = Single(Profile(new SeccompRule(["read"], SeccompActions.Allow), new SeccompRule(["reed"], SeccompActions.Allow)), SeccompProblemCodes.UnknownSyscall);

        Assert.Equal(1, problem.RuleIndex);
        Assert.Equal("reed", problem.Syscall);
        Assert.Contains("'reed'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("Rule 1", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NameOnlyOnOtherArchitecture_IsUnknownForThatArchitecture()
    {
        var profile = Profile(new SeccompRule(["open", "arch_prctl"], SeccompActions.Allow));

        Assert.Empty(SeccompValidator.Validate(profile));
        Assert.Equal(2, SeccompValidator.Validate(profile, "aarch64").Count(p => p.Code == SeccompProblemCodes.UnknownSyscall));
    }

    [Fact]
    public void Validate_DuplicateWithinRule_ReportsDuplicate() =>
        Assert.Equal("read", Single(Profile(new SeccompRule(["read", "read"], SeccompActions.Allow)), SeccompProblemCodes.DuplicateSyscall).Syscall);

    [Fact]
    public void Validate_DuplicateAcrossRulesSameAction_ReportsDuplicateWithBothRules()
    {
        var problem = Single(Profile(new SeccompRule(["read"], SeccompActions.Allow), new SeccompRule(["write", "read"], SeccompActions.Allow)), SeccompProblemCodes.DuplicateSyscall);

        Assert.Equal(1, problem.RuleIndex);
        Assert.Contains("rule 0", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateConditionalRule_ReportsDuplicate() =>
        Single(
            Profile(
                new SeccompRule(["personality"], SeccompActions.Allow, Args: [new SeccompArg(0, 8, null, SeccompOps.Equal)]),
                new SeccompRule(["personality"], SeccompActions.Allow, Args: [new SeccompArg(0, 8, null, SeccompOps.Equal)])),
            SeccompProblemCodes.DuplicateSyscall);

    [Fact]
    public void Validate_SameNameDifferentActions_ReportsConflict()
    {
        var problem = Single(Profile(new SeccompRule(["ptrace"], SeccompActions.Allow), new SeccompRule(["ptrace"], SeccompActions.Errno, 1)), SeccompProblemCodes.ConflictingRules);

        Assert.Equal("ptrace", problem.Syscall);
        Assert.Contains(SeccompActions.Allow, problem.Message, StringComparison.Ordinal);
        Assert.Contains(SeccompActions.Errno, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InvalidRuleAction_ReportsIt() =>
        Assert.Equal(0, Single(Profile(new SeccompRule(["read"], "SCMP_ACT_PERMIT")), SeccompProblemCodes.InvalidAction).RuleIndex);

    [Fact]
    public void Validate_InvalidDefaultAction_ReportsIt() =>
        Single(Profile() with { DefaultAction = "deny", DefaultErrnoRet = null }, SeccompProblemCodes.InvalidDefaultAction);

    [Fact]
    public void Validate_InvalidArgOp_ReportsIt() =>
        Single(Profile(new SeccompRule(["socket"], SeccompActions.Allow, Args: [new SeccompArg(0, 40, null, "SCMP_CMP_NEQ")])), SeccompProblemCodes.InvalidArgOp);

    [Fact]
    public void Validate_ArgIndexAboveFive_ReportsIt() =>
        Single(Profile(new SeccompRule(["socket"], SeccompActions.Allow, Args: [new SeccompArg(6, 40, null, SeccompOps.NotEqual)])), SeccompProblemCodes.InvalidArgIndex);

    [Fact]
    public void Validate_ErrnoRetWithAllow_ReportsIt() =>
        Single(Profile(new SeccompRule(["read"], SeccompActions.Allow, 1)), SeccompProblemCodes.ErrnoWithoutErrnoAction);

    [Fact]
    public void Validate_DefaultErrnoRetWithKill_ReportsIt() =>
        Single(Profile() with { DefaultAction = SeccompActions.KillProcess }, SeccompProblemCodes.ErrnoWithoutErrnoAction);

    [Fact]
    public void Validate_EmptyNamesList_ReportsIt() =>
        Single(Profile(new SeccompRule([], SeccompActions.Allow)), SeccompProblemCodes.EmptyNames);

    [Fact]
    public void Validate_EmptyName_ReportsIt() =>
        Single(Profile(new SeccompRule(["read", ""], SeccompActions.Allow)), SeccompProblemCodes.EmptyName);

    [Fact]
    public void Validate_UnknownArchitecture_ReportsIt() =>
        Assert.Contains("SCMP_ARCH_Z80", Single(Profile() with { Architectures = ["SCMP_ARCH_Z80"] }, SeccompProblemCodes.UnknownArchitecture).Message, StringComparison.Ordinal);

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOne()
    {
        var profile = Profile(
            new SeccompRule(["reed", "read", "read"], "bogus", 3),
            new SeccompRule([], SeccompActions.Allow, Args: [new SeccompArg(9, 0, null, "bad")]),
            new SeccompRule(["write"], SeccompActions.Allow),
            new SeccompRule(["write"], SeccompActions.Trap)) with { Architectures = ["SCMP_ARCH_X86_64", "nope"] };

        var codes = SeccompValidator.Validate(profile).Select(p => p.Code).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(
            new[]
            {
                SeccompProblemCodes.ConflictingRules, SeccompProblemCodes.DuplicateSyscall, SeccompProblemCodes.EmptyNames,
                SeccompProblemCodes.InvalidAction, SeccompProblemCodes.InvalidArgIndex, SeccompProblemCodes.InvalidArgOp,
                SeccompProblemCodes.UnknownArchitecture, SeccompProblemCodes.UnknownSyscall,
            }.Order(StringComparer.Ordinal),
            codes);
    }
}
