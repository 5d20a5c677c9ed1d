using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Palisade.Core.Seccomp;
using Palisade.Core.Syscalls;

namespace Palisade.Core.Tests.Seccomp;

public sealed class SeccompGeneratorTests
{
    [Fact]
    public void Generate_X8664Names_AllowsUsedAndRuntimeSyscallsWithCompatArchitectures()
    {
        var result = SeccompGenerator.Generate(["openat", "read", "getdents64"], new GenerateOptions());

        var rule = Assert.Single(result.Profile.Syscalls);
        Assert.Equal(SeccompActions.Allow, rule.Action);
        Assert.Contains("getdents64", rule.Names);
        Assert.Contains("capset", rule.Names);
        Assert.Equal(rule.Names.Order(StringComparer.Ordinal), rule.Names);
        Assert.Equal(SeccompActions.Errno, result.Profile.DefaultAction);
        Assert.Equal(1u, result.Profile.DefaultErrnoRet);
        Assert.Equal([SeccompArchitectures.X8664, SeccompArchitectures.X86, SeccompArchitectures.X32], result.Profile.Architectures);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Generate_UnknownNames_DropsAndReportsThem()
    {
        var result = SeccompGenerator.Generate(["open", "read", "frobnicate", " "], new GenerateOptions { Architecture = "arm64" });

        Assert.Equal(["frobnicate", "open"], result.DroppedNames);
        Assert.Equal(3, result.Warnings.Count);
        Assert.DoesNotContain("open", result.Profile.Syscalls.Single().Names);
        Assert.DoesNotContain("arch_prctl", result.Profile.Syscalls.Single().Names);
        Assert.Equal([SeccompArchitectures.Aarch64, SeccompArchitectures.Arm], result.Profile.Architectures);
    }

    [Theory]
    [InlineData(SeccompDefaultAction.Kill, SeccompActions.KillProcess, null)]
    [InlineData(SeccompDefaultAction.Log, SeccompActions.Log, null)]
    [InlineData(SeccompDefaultAction.Errno, SeccompActions.Errno, 38u)]
    public void Generate_DefaultActionOption_SetsDefaultAction(SeccompDefaultAction option, string action, uint? errno)
    {
        var profile = SeccompGenerator.Generate(["read"], new GenerateOptions { DefaultAction = option, ErrnoRet = 38 }).Profile;

        Assert.Equal(action, profile.DefaultAction);
        Assert.Equal(errno, profile.DefaultErrnoRet);
    }

    [Fact]
    public void Generate_Trace_AllowsItsSyscalls()
    {
        var trace = new SyscallTrace
        {
            Syscalls = [new SyscallStat("getdents64", 3, new Dictionary<string, long>()), new SyscallStat("read", 9, new Dictionary<string, long>())],
            Unsupported = [],
            RecentFailures = [],
        };

        var profile = SeccompGenerator.Generate(trace, new GenerateOptions { IncludeRuntimeSyscalls = false }).Profile;

        Assert.Equal(["getdents64", "read"], profile.Syscalls.Single().Names);
    }

    [Fact]
    public void Generate_WithoutRuntimeSyscalls_AllowsOnlyUsedNames() =>
        Assert.Equal(["read"], SeccompGenerator.Generate(["read", "read"], new GenerateOptions { IncludeRuntimeSyscalls = false }).Profile.Syscalls.Single().Names);

    [Fact]
    public void Generate_ArchitectureWithoutTable_Throws() =>
        Assert.Throws<ArgumentException>(() => SeccompGenerator.Generate(["read"], new GenerateOptions { Architecture = "s390x" }));

    [Fact]
    public void RuntimeSyscalls_EveryName_ExistsOnX8664() =>
        Assert.All(SeccompGenerator.RuntimeSyscalls, n => Assert.True(SyscallTable.For("x86_64")!.Contains(n), n));

    [Property(MaxTest = 200)]
    public Property Generate_NamesFromTable_AlwaysValidatesClean()
    {
        var gen =
            from arch in Gen.Elements("x86_64", "aarch64")
            from picks in Gen.ListOf(Gen.Choose(0, 10_000))
            from action in Gen.Elements(SeccompDefaultAction.Errno, SeccompDefaultAction.Kill, SeccompDefaultAction.Log)
            from runtime in Gen.Elements(true, false)
            select (arch, picks, action, runtime);

        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var table = SyscallTable.For(input.arch)!;
            var names = input.picks.Select(i => table.Names[i % table.Names.Count]).ToList();
            var options = new GenerateOptions { Architecture = input.arch, DefaultAction = input.action, IncludeRuntimeSyscalls = input.runtime };

            var result = SeccompGenerator.Generate(names, options);
            var problems = SeccompValidator.Validate(result.Profile);
            var reread = SeccompProfileReader.Read(SeccompProfileWriter.Write(result.Profile), "generated").Profile!;

            return problems.Count == 0
                && result.DroppedNames.Count == 0
                && SeccompValidator.Validate(reread, input.arch).Count == 0
                && SeccompProfileWriter.Write(reread) == SeccompProfileWriter.Write(result.Profile);
        });
    }
}
