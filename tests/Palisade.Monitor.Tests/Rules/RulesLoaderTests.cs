using Palisade.Core.Monitoring;

namespace Palisade.Monitor.Tests.Rules;

public sealed class RulesLoaderTests
{
    private static readonly MonitorEvent Cat = new("openat", "c1", "cat")
    {
        FdName = "/etc/shadow",
        OpenFlags = 0,
        Result = 3,
        Uid = 0,
        Argv = ["/etc/shadow"],
    };

    private static RuleSet Load(string yaml)
    {
        var result = RulesLoader.Load([("r.yaml", yaml)]);
        Assert.True(result.Ok, string.Join('\n', result.Errors));
        return result.Rules!;
    }

    private static RuleDiagnostic Error(string yaml) => Assert.Single(RulesLoader.Load([("r.yaml", yaml)]).Errors);

    [Theory]
    [InlineData("fd.name = /etc/shadow", true)]
    [InlineData("fd.name == '/etc/shadow'", true)]
    [InlineData("fd.name != /etc/shadow", false)]
    [InlineData("fd.name startswith /etc/ and not fd.name endswith passwd", true)]
    [InlineData("fd.name contains sha or proc.name = nope", true)]
    [InlineData("fd.name icontains SHADOW", true)]
    [InlineData("fd.name glob '/etc/sh*w'", true)]
    [InlineData("fd.name pmatch (/etc)", true)]
    [InlineData("fd.name pmatch (/et)", false)]
    [InlineData("fd.directory = /etc and fd.filename = shadow", true)]
    [InlineData("proc.name in (bash, cat)", true)]
    [InlineData("not (proc.name in (bash, cat))", false)]
    [InlineData("fd.sip exists", false)]
    [InlineData("user.uid = 0 and evt.res >= 0 and evt.res < 4", true)]
    [InlineData("proc.cmdline = 'cat /etc/shadow'", true)]
    [InlineData("evt.is_open_read = true and evt.is_open_write = false", true)]
    public void Condition_OnAnOpenOfShadow_MatchesAsFalcoWould(string condition, bool expected)
    {
        var rules = Load($"""
            - rule: r
              condition: {condition}
              output: x
              priority: INFO
            """);
        Assert.Equal(expected, rules.Evaluate(Cat) is not null);
    }

    [Fact]
    public void ListsMacrosAndExceptions_ExpandAndExclude()
    {
        var rules = Load("""
            - list: base
              items: [cat]
            - list: readers
              items: [base, less]
            - macro: reading
              condition: evt.type in (open, openat) and proc.name in (readers)
            - rule: Read
              condition: >
                reading and
                fd.name startswith /etc
              output: "%proc.name read %fd.name (uid %user.uid, pname %proc.pname)"
              priority: WARNING
              tags: [t1]
              exceptions:
                - name: trusted
                  fields: [proc.name, fd.name]
                  comps: [=, in]
                  values:
                    - [cat, [/etc/passwd, /etc/group]]
            """);
        var alert = Assert.Single(rules.Evaluate(Cat)!);
        Assert.Equal("cat read /etc/shadow (uid 0, pname <NA>)", alert.Output);
        Assert.Equal(RulePriority.Warning, alert.Priority);
        Assert.Equal(new[] { "t1" }, alert.Tags);
        Assert.Equal("/etc/shadow", alert.OutputFields["fd.name"]);
        Assert.Null(rules.Evaluate(Cat with { FdName = "/etc/group" }));
    }

    [Fact]
    public void DisabledRule_AndLaterRedefinition_FollowTheLastFile()
    {
        var result = RulesLoader.Load([
            ("a.yaml", "- rule: r\n  condition: proc.name = cat\n  output: a\n  priority: INFO\n"),
            ("b.yaml", "- rule: r\n  condition: proc.name = cat\n  output: b\n  priority: INFO\n  enabled: false\n"),
        ]);
        Assert.True(result.Ok);
        Assert.Empty(result.Rules!.Rules);
    }

    [Fact]
    public void FdSnet_MatchesCidrs()
    {
        var rules = Load("- rule: r\n  condition: fd.snet in (\"10.0.0.0/8\", \"::1/128\")\n  output: x\n  priority: INFO\n");
        Assert.NotNull(rules.Evaluate(Cat with { ServerIp = "10.2.3.4" }));
        Assert.Null(rules.Evaluate(Cat with { ServerIp = "169.254.169.254" }));
    }

    [Theory]
    [InlineData("- rule: r\n  condition: proc.nmae = cat\n  output: x\n  priority: INFO\n", 2, 14, "unknown field 'proc.nmae'")]
    [InlineData("- rule: r\n  condition: proc.name = cat and\n  output: x\n  priority: INFO\n", 2, 33, "condition ends early")]
    [InlineData("- rule: r\n  condition: (proc.name = cat\n  output: x\n  priority: INFO\n", 2, 30, "condition ends early")]
    [InlineData("- rule: r\n  condition: proc.name = cat\n  output: x\n  priority: LOUD\n", 4, 13, "unknown priority 'LOUD'")]
    [InlineData("- rule: r\n  condition: proc.name = cat\n  output: \"%proc.nme\"\n  priority: INFO\n", 3, 12, "unknown field '%proc.nme'")]
    [InlineData("- rule: r\n  condition: a_macro\n  output: x\n  priority: INFO\n", 2, 14, "neither a field nor a macro")]
    [InlineData("- macro: m\n  condition: m\n- rule: r\n  condition: m\n  output: x\n  priority: INFO\n", 2, 14, "refers to itself")]
    [InlineData("- rule: r\n  condition: >\n    proc.name = cat and\n    fd.nam = x\n  output: x\n  priority: INFO\n", 4, 5, "unknown field 'fd.nam'")]
    [InlineData("- rule: r\n  condition: [a\n", 3, 1, "not valid YAML")]
    [InlineData("rule: r\n", 1, 1, "a YAML list")]
    public void BadRules_AreReportedWithLineAndColumn(string yaml, int line, int column, string message)
    {
        var error = Error(yaml);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith($"r.yaml:{line}:{column}: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultSandboxRules_Load()
    {
        var result = RulesFiles.Load([]);
        Assert.True(result.Ok, string.Join('\n', result.Errors));
        Assert.Equal(8, result.Rules!.Rules.Count);
    }
}
