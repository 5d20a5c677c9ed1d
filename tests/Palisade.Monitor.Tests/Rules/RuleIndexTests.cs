using Palisade.Core.Monitoring;

namespace Palisade.Monitor.Tests.Rules;

public sealed class RuleIndexTests
{
    private static RuleSet Load(string yaml)
    {
        var result = RulesLoader.Load([("r.yaml", yaml)]);
        Assert.True(result.Ok, string.Join('\n', result.Errors));
        return result.Rules!;
    }

    [Theory]
    [InlineData("evt.type = execve", "execve")]
    [InlineData("evt.type in (open, opens) and fd.name = /x", "open,openat,openat2")]
    [InlineData("is_open and evt.type = openat", "openat")]
    [InlineData("evt.type = connect or evt.type in (opens)", "connect,open,openat,openat2")]
    [InlineData("evt.type = connect or proc.name = sh", null)]
    [InlineData("not evt.type = connect", null)]
    [InlineData("proc.name = sh and evt.res >= 0", null)]
    public void EventTypesAreDerivedFromTheCondition(string condition, string? types)
    {
        var set = Load($"""
            - list: opens
              items: [open, openat, openat2]
            - macro: is_open
              condition: evt.type in (opens)
            - rule: r
              desc: d
              condition: {condition}
              output: o
              priority: INFO
            """);
        var rule = Assert.Single(set.Rules);
        Assert.Equal(types, rule.EventTypes is null ? null : string.Join(',', rule.EventTypes.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void IndexedAndUnindexedRulesFireInFileOrder()
    {
        var set = Load("""
            - rule: any uid 0
              desc: d
              condition: user.uid = 0
              output: o
              priority: INFO
            - rule: exec
              desc: d
              condition: evt.type = execve and evt.res >= 0
              output: o
              priority: INFO
            - rule: open
              desc: d
              condition: evt.type = openat
              output: o
              priority: INFO
            """);
        var exec = new MonitorEvent("execve", "c", "sh") { Uid = 0, Result = 0 };
        Assert.Equal(["any uid 0", "exec"], set.Evaluate(exec)!.Select(a => a.Rule));
        Assert.Equal(["any uid 0"], set.Evaluate(exec with { Type = "clone" })!.Select(a => a.Rule));
        Assert.Equal(["open"], set.Evaluate(new MonitorEvent("openat", "c", "cat") { Uid = 1 })!.Select(a => a.Rule));
        Assert.Null(set.Evaluate(exec with { Uid = 1, Result = -2 }));
    }
}
