using Palisade.Core.Syscalls;

namespace Palisade.Core.Tests.Syscalls;

public sealed class GvisorCompatTableTests
{
    [Fact]
    public void TryParse_Runsc20221219Table_ReadsEveryAmd64Syscall()
    {
        var table = SyscallTestData.Table();

        // python: Counter(support) = Full 219, Unimplemented 82, Partial 49.
        Assert.Equal(350, table.Count);
        Assert.Equal(219, table.Syscalls.Count(s => s.Support == SyscallSupport.Full));
        Assert.Equal(49, table.Syscalls.Count(s => s.Support == SyscallSupport.Partial));
        Assert.Equal(82, table.Syscalls.Count(s => s.Support == SyscallSupport.Unimplemented));
    }

    [Fact]
    public void TryParse_Runsc20221219Table_KnowsNumbersSupportAndNotes()
    {
        var table = SyscallTestData.Table();

        Assert.True(table.TryGet("userfaultfd", out var userfaultfd));
        Assert.Equal(new GvisorSyscallInfo("userfaultfd", 323, SyscallSupport.Unimplemented, "Returns \"invalid system call number\"."), userfaultfd);
        Assert.Equal(SyscallSupport.Unimplemented, table.SupportOf("clone3"));
        Assert.Equal(SyscallSupport.Partial, table.SupportOf("rseq"));
        Assert.Equal(SyscallSupport.Full, table.SupportOf("read"));
        Assert.Equal(SyscallSupport.Unknown, table.SupportOf("no_such_call"));
        Assert.Equal("20221219", table.RunscVersion);
    }

    [Fact]
    public void TryParse_Arm64_ReadsThatArchitecture()
    {
        Assert.True(GvisorCompatTable.TryParse(SyscallTestData.Text(SyscallTestData.SyscallTable), "arm64", null, out var table, out _));

        Assert.Equal(293, table.Count);
    }

    [Fact]
    public void TryParse_UnknownFieldsAndOddEntries_AreIgnored()
    {
        const string Json = """
            { "extra": 1, "linux": { "amd64": { "flags": [], "syscalls": {
                "0": { "name": "read", "support": "Full Support", "note": "n", "urls": ["x"], "new": { "a": 1 } },
                "1": { "support": "Full Support" },
                "x": { "name": "bogus", "support": "Full Support" },
                "2": "not an object",
                "3": { "name": "odd", "support": "Somewhat" } } } } }
            """;

        Assert.True(GvisorCompatTable.TryParse(Json, "amd64", null, out var table, out _));

        Assert.Equal(["read", "odd"], table.Syscalls.Select(s => s.Name));
        Assert.Equal(SyscallSupport.Unknown, table.SupportOf("odd"));
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "no linux.amd64.syscalls")]
    [InlineData("""{"linux":{"arm64":{"syscalls":{}}}}""", "no linux.amd64.syscalls")]
    public void TryParse_UnusableJson_ReturnsFalseWithMessage(string json, string expected)
    {
        Assert.False(GvisorCompatTable.TryParse(json, "amd64", null, out _, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }
}
