using Palisade.Core.Monitoring;
using Palisade.Monitor.Resources;

namespace Palisade.Monitor.Tests.Resources;

public sealed class RunscStatsParserTests
{
    private static readonly string Real = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Resources", "testdata", "runsc-events-stats.json"));

    [Fact]
    public void Parse_RealRunscOutput_ReadsCpuMemoryAndPids()
    {
        var usage = RunscStatsParser.Parse(Real, "w19c2");

        Assert.NotNull(usage);
        Assert.Equal(0.713923578, usage.CpuSeconds!.Value, 9);
        Assert.Equal(2514944d, usage.MemoryBytes);
        Assert.Equal(2d, usage.Pids);
        Assert.Null(usage.IoReadBytes);
        Assert.Null(usage.IoWriteBytes);
    }

    [Fact]
    public void Parse_AnotherContainersReading_IsRefused() => Assert.Null(RunscStatsParser.Parse(Real, "other"));

    [Theory]
    [InlineData("")]
    [InlineData("loading sandbox: file does not exist")]
    [InlineData("[]")]
    [InlineData("""{"type":"stats","id":"c"}""")]
    [InlineData("""{"type":"oom","id":"c","data":{}}""")]
    [InlineData("""{"type":"stats","id":"c","data":{"cpu":{"usage":{"total":1}}""")]
    public void Parse_NotAReading_IsNull(string text) => Assert.Null(RunscStatsParser.Parse(text, "c"));

    [Theory]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("\"12\"")]
    [InlineData("1e400")]
    [InlineData("{}")]
    public void Parse_ValueThatIsNotACount_LeavesTheFieldOut(string value)
    {
        var usage = RunscStatsParser.Parse("""{"type":"stats","id":"c","data":{"cpu":{"usage":{"total":""" + value + """}},"memory":{"usage":{"usage":7}}}}""", "c");

        Assert.NotNull(usage);
        Assert.Null(usage.CpuSeconds);
        Assert.Equal(7d, usage.MemoryBytes);
    }

    [Fact]
    public void Parse_Blkio_SumsReadsAndWritesOverDevices()
    {
        var usage = RunscStatsParser.Parse("""
            {"type":"stats","id":"c","data":{"blkio":{"ioServiceBytesRecursive":[
              {"major":8,"minor":0,"op":"Read","value":100},{"major":8,"minor":16,"op":"Read","value":50},
              {"major":8,"minor":0,"op":"Write","value":7},{"major":8,"minor":0,"op":"Total","value":157},
              {"op":"Write","value":-1},"junk"]}}}
            """, "c");

        Assert.NotNull(usage);
        Assert.Equal(150d, usage.IoReadBytes);
        Assert.Equal(7d, usage.IoWriteBytes);
        Assert.Null(usage.CpuSeconds);
    }

    [Fact]
    public void Parse_OversizedOrDeeplyNestedOutput_IsNull()
    {
        var padded = Real.TrimEnd()[..^1] + ",\"pad\":\"" + new string('x', RunscOutput.MaxStdoutBytes) + "\"}";
        Assert.Null(RunscStatsParser.Parse(padded, "w19c2"));

        var deep = """{"type":"stats","id":"c","data":{"x":""" + new string('[', 100) + new string(']', 100) + "}}";
        Assert.Null(RunscStatsParser.Parse(deep, "c"));
    }
}
