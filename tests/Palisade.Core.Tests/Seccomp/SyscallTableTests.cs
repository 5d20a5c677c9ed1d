using Palisade.Core.Seccomp;

namespace Palisade.Core.Tests.Seccomp;

public sealed class SyscallTableTests
{
    [Theory]
    [InlineData("x86_64", "read", 0)]
    [InlineData("x86_64", "execve", 59)]
    [InlineData("x86_64", "openat", 257)]
    [InlineData("x86_64", "arch_prctl", 158)]
    [InlineData("SCMP_ARCH_X86_64", "clone3", 435)]
    [InlineData("aarch64", "openat", 56)]
    [InlineData("arm64", "read", 63)]
    [InlineData("aarch64", "execve", 221)]
    [InlineData("SCMP_ARCH_AARCH64", "newfstatat", 79)]
    public void TryGetNumber_KnownName_ReturnsKernelNumber(string architecture, string name, int expected)
    {
        var table = SyscallTable.For(architecture);

        Assert.NotNull(table);
        Assert.True(table.TryGetNumber(name, out var number));
        Assert.Equal(expected, number);
        Assert.True(table.TryGetName(expected, out var back));
        Assert.Equal(name, back);
    }

    [Theory]
    [InlineData("aarch64", "open")]
    [InlineData("aarch64", "arch_prctl")]
    [InlineData("x86_64", "not_a_syscall")]
    public void Contains_NameMissingOnArchitecture_ReturnsFalse(string architecture, string name) =>
        Assert.False(SyscallTable.For(architecture)!.Contains(name));

    [Fact]
    public void For_CompatAbi_ReturnsHostTable()
    {
        Assert.Same(SyscallTable.For("x86_64"), SyscallTable.For(SeccompArchitectures.X86));
        Assert.Same(SyscallTable.For("x86_64"), SyscallTable.For(SeccompArchitectures.X32));
        Assert.Same(SyscallTable.For("aarch64"), SyscallTable.For(SeccompArchitectures.Arm));
    }

    [Theory]
    [InlineData("SCMP_ARCH_S390X")]
    [InlineData("sparc")]
    [InlineData("")]
    public void For_ArchitectureWithoutTable_ReturnsNull(string architecture) => Assert.Null(SyscallTable.For(architecture));

    [Fact]
    public void Names_Loaded_AreSortedAndSizable()
    {
        var x86 = SyscallTable.For("x86_64")!;
        var arm = SyscallTable.For("aarch64")!;

        Assert.True(x86.Names.Count > 350);
        Assert.True(arm.Names.Count > 290);
        Assert.Equal(x86.Names.Order(StringComparer.Ordinal), x86.Names);
        Assert.Equal(SeccompArchitectures.X8664, x86.Architecture);
        Assert.Equal(SeccompArchitectures.Aarch64, arm.Architecture);
    }
}
