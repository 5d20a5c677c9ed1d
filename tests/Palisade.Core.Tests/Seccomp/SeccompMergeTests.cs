using Palisade.Core.Seccomp;

namespace Palisade.Core.Tests.Seccomp;

public sealed class SeccompMergeTests
{
    private static SeccompProfile Profile(string action, uint? errno = null, params string[] allowed) => new()
    {
        DefaultAction = action,
        DefaultErrnoRet = errno,
        Syscalls = allowed.Length == 0 ? [] : [new SeccompRule(allowed, SeccompActions.Allow)],
    };

    [Theory]
    [InlineData(SeccompActions.Allow, SeccompActions.Log, SeccompActions.Log)]
    [InlineData(SeccompActions.Trace, SeccompActions.Errno, SeccompActions.Errno)]
    [InlineData(SeccompActions.Errno, SeccompActions.Trap, SeccompActions.Trap)]
    [InlineData(SeccompActions.Kill, SeccompActions.Trap, SeccompActions.Kill)]
    [InlineData(SeccompActions.KillThread, SeccompActions.KillProcess, SeccompActions.KillProcess)]
    [InlineData(SeccompActions.Notify, SeccompActions.Trace, SeccompActions.Notify)]
    public void Merge_TwoDefaults_KeepsStrictest(string a, string b, string expected)
    {
        Assert.Equal(expected, SeccompMerge.Merge([Profile(a), Profile(b)]).DefaultAction);
        Assert.Equal(expected, SeccompMerge.Merge([Profile(b), Profile(a)]).DefaultAction);
    }

    [Fact]
    public void Merge_ErrnoDefaults_KeepsSmallestErrno() =>
        Assert.Equal(1u, SeccompMerge.Merge([Profile(SeccompActions.Errno, 38), Profile(SeccompActions.Errno, 1), Profile(SeccompActions.Log)]).DefaultErrnoRet);

    [Fact]
    public void Merge_NoInputs_AllowsNothingWithEperm()
    {
        var merged = SeccompMerge.Merge([]);

        Assert.Equal(SeccompActions.Errno, merged.DefaultAction);
        Assert.Equal(1u, merged.DefaultErrnoRet);
        Assert.Empty(merged.Syscalls);
    }

    [Fact]
    public void Merge_ExplicitDenial_IsNotCarriedOver()
    {
        var denying = Profile(SeccompActions.Errno, 1, "read") with
        {
            Syscalls = [new SeccompRule(["read"], SeccompActions.Allow), new SeccompRule(["ptrace"], SeccompActions.Errno, 1)],
        };

        var merged = SeccompMerge.Merge([denying, Profile(SeccompActions.Errno, 1, "write")]);

        Assert.Equal(["read", "write"], Assert.Single(merged.Syscalls).Names);
        Assert.Empty(SeccompValidator.Validate(merged));
    }

    [Fact]
    public void Merge_DenyListWithAnAllowByDefaultProfile_KeepsTheDenials()
    {
        var denyList = Profile(SeccompActions.Allow) with { Syscalls = [new SeccompRule(["ptrace", "mount"], SeccompActions.Errno, 1)] };

        var merged = SeccompMerge.Merge([denyList, Profile(SeccompActions.Allow)]);

        Assert.Equal(SeccompActions.Allow, merged.DefaultAction);
        var rule = Assert.Single(merged.Syscalls);
        Assert.Equal(["mount", "ptrace"], rule.Names);
        Assert.Equal(SeccompActions.Errno, rule.Action);
        Assert.Equal(1u, rule.ErrnoRet);
    }

    [Fact]
    public void Merge_DenyListWhereAnotherInputExplicitlyAllowsOne_DropsOnlyThatDenial()
    {
        var denyList = Profile(SeccompActions.Allow) with { Syscalls = [new SeccompRule(["ptrace", "mount"], SeccompActions.Errno, 1)] };

        var merged = SeccompMerge.Merge([denyList, Profile(SeccompActions.Log, null, "ptrace")]);

        Assert.Equal(SeccompActions.Log, merged.DefaultAction);
        Assert.Contains(merged.Syscalls, r => r.Action == SeccompActions.Errno && r.Names.SequenceEqual(["mount"]));
        Assert.DoesNotContain(merged.Syscalls, r => r.Action == SeccompActions.Errno && r.Names.Contains("ptrace"));
    }

    [Fact]
    public void Compare_SameProfile_ReportsNoChange()
    {
        var profile = Profile(SeccompActions.Errno, 1, "read", "write");

        var diff = SeccompDiff.Compare(profile, profile);

        Assert.Empty(diff.Added);
        Assert.Empty(diff.Removed);
    }
}
