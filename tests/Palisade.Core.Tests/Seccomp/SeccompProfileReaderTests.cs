using Palisade.Core.Seccomp;

namespace Palisade.Core.Tests.Seccomp;

public sealed class SeccompProfileReaderTests
{
    private const string Full = """
        {
          "defaultAction": "SCMP_ACT_ERRNO",
          "defaultErrnoRet": 1,
          "architectures": [
            "SCMP_ARCH_X86_64",
            "SCMP_ARCH_X86",
            "SCMP_ARCH_X32"
          ],
          "syscalls": [
            {
              "names": [
                "read",
                "write"
              ],
              "action": "SCMP_ACT_ALLOW"
            },
            {
              "names": [
                "personality"
              ],
              "action": "SCMP_ACT_ALLOW",
              "args": [
                {
                  "index": 0,
                  "value": 8,
                  "valueTwo": 0,
                  "op": "SCMP_CMP_EQ"
                }
              ]
            },
            {
              "names": [
                "clone3"
              ],
              "action": "SCMP_ACT_ERRNO",
              "errnoRet": 38
            }
          ]
        }

        """;

    [Fact]
    public void Read_WriterOutput_RoundTripsByteForByte()
    {
        var result = SeccompProfileReader.Read(Full, "full.json");

        Assert.True(result.Succeeded);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(Full.ReplaceLineEndings("\n"), SeccompProfileWriter.Write(result.Profile!));
    }

    [Fact]
    public void Write_UnsortedProfile_SortsNamesAndRulesByAction()
    {
        var profile = new SeccompProfile
        {
            DefaultAction = SeccompActions.Errno,
            DefaultErrnoRet = 1,
            Syscalls =
            [
                new SeccompRule(["write", "read"], SeccompActions.Allow),
                new SeccompRule(["clone3"], SeccompActions.Errno, 38),
            ],
        };

        var text = SeccompProfileWriter.Write(profile);

        // Rules order by action name (ordinal), so SCMP_ACT_ALLOW comes before SCMP_ACT_ERRNO.
        Assert.True(text.IndexOf("\"write\"", StringComparison.Ordinal) < text.IndexOf("clone3", StringComparison.Ordinal));
        Assert.True(text.IndexOf("\"read\"", StringComparison.Ordinal) < text.IndexOf("\"write\"", StringComparison.Ordinal));
        Assert.Equal(text, SeccompProfileWriter.Write(SeccompProfileReader.Read(text, "again").Profile!));
    }

    [Fact]
    public void Read_DockerArchMap_FlattensIntoArchitectures()
    {
        const string Json = """
            {"defaultAction":"SCMP_ACT_ERRNO","archMap":[{"architecture":"SCMP_ARCH_AARCH64","subArchitectures":["SCMP_ARCH_ARM"]}],
             "syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","comment":"ignored","includes":{}}]}
            """;

        var profile = SeccompProfileReader.Read(Json, "docker.json").Profile!;

        Assert.Equal(["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"], profile.Architectures);
        Assert.Equal(["read"], profile.Syscalls.Single().Names);
    }

    [Fact]
    public void Read_MalformedJson_ReportsOneBasedLineAndColumn()
    {
        const string Json = "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"syscalls\": [ x ]\n}";

        var result = SeccompProfileReader.Read(Json, "bad.json");

        Assert.Null(result.Profile);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("invalid-json", diagnostic.Code);
        Assert.Equal("bad.json", diagnostic.Source);
        Assert.Equal(3, diagnostic.Line);
        Assert.Equal(17, diagnostic.Column);
        Assert.Contains("'x'", diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrongValueType_ReportsPathAndLine()
    {
        const string Json = "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"defaultErrnoRet\": \"one\"\n}";

        var diagnostic = Assert.Single(SeccompProfileReader.Read(Json, "type.json").Diagnostics);

        Assert.Equal("invalid-json", diagnostic.Code);
        Assert.Equal(3, diagnostic.Line);
        Assert.Equal("$.defaultErrnoRet", diagnostic.Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"defaultAction\": ")]
    public void Read_NotAProfile_ReturnsDiagnosticWithoutThrowing(string json)
    {
        var result = SeccompProfileReader.Read(json, "x.json");

        Assert.Null(result.Profile);
        Assert.NotEmpty(result.Diagnostics);
        Assert.All(result.Diagnostics, d => Assert.NotNull(d.Line));
    }

    [Fact]
    public void Read_MissingDefaultAction_ReportsIt()
    {
        var diagnostic = Assert.Single(SeccompProfileReader.Read("{\"syscalls\": []}", "x.json").Diagnostics);

        Assert.Equal("missing-default-action", diagnostic.Code);
        Assert.Equal("$.defaultAction", diagnostic.Path);
    }
}
