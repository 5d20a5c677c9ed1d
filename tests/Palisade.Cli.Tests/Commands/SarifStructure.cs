using System.Text.Json;

namespace Palisade.Cli.Tests.Commands;

/// <summary>
/// The required structure of a SARIF 2.1.0 log, as its JSON schema states it (required properties, enumerations and
/// minimums of the objects Palisade emits). There is no schema validator among the allowed packages and the schema
/// cannot be fetched at test time, so the constraints are written out here.
/// </summary>
internal static class SarifStructure
{
    private static readonly string[] Levels = ["none", "note", "warning", "error"];

    public static void AssertValid(JsonElement log)
    {
        Assert.Equal("2.1.0", log.GetProperty("version").GetString());
        Assert.True(Uri.IsWellFormedUriString(log.GetProperty("$schema").GetString(), UriKind.Absolute));
        var runs = log.GetProperty("runs");
        Assert.Equal(JsonValueKind.Array, runs.ValueKind);
        foreach (var run in runs.EnumerateArray())
        {
            var driver = run.GetProperty("tool").GetProperty("driver");
            Assert.False(string.IsNullOrEmpty(driver.GetProperty("name").GetString()));
            var rules = driver.TryGetProperty("rules", out var r) ? r.EnumerateArray().ToList() : [];
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var rule in rules)
            {
                var id = rule.GetProperty("id").GetString()!;
                Assert.True(ids.Add(id), $"duplicate rule id {id}");
                AssertMessageText(rule.GetProperty("shortDescription"));
                AssertMessageText(rule.GetProperty("help"));
                if (rule.TryGetProperty("defaultConfiguration", out var config))
                {
                    Assert.Contains(config.GetProperty("level").GetString(), Levels);
                }
            }

            if (run.TryGetProperty("invocations", out var invocations))
            {
                foreach (var invocation in invocations.EnumerateArray())
                {
                    Assert.True(invocation.GetProperty("executionSuccessful").ValueKind is JsonValueKind.True or JsonValueKind.False);
                }
            }

            foreach (var result in run.GetProperty("results").EnumerateArray())
            {
                AssertMessageText(result.GetProperty("message"));
                var ruleId = result.GetProperty("ruleId").GetString()!;
                if (result.TryGetProperty("ruleIndex", out var index))
                {
                    Assert.Equal(ruleId, rules[index.GetInt32()].GetProperty("id").GetString());
                }

                Assert.Contains(result.GetProperty("level").GetString(), Levels);
                foreach (var location in result.GetProperty("locations").EnumerateArray())
                {
                    var physical = location.GetProperty("physicalLocation");
                    var uri = physical.GetProperty("artifactLocation").GetProperty("uri").GetString();
                    Assert.True(Uri.IsWellFormedUriString(uri, UriKind.RelativeOrAbsolute), $"bad uri {uri}");
                    if (physical.TryGetProperty("region", out var region))
                    {
                        Assert.True(region.GetProperty("startLine").GetInt32() >= 1);
                        Assert.True(region.GetProperty("startColumn").GetInt32() >= 1);
                    }
                }
            }
        }
    }

    private static void AssertMessageText(JsonElement message) =>
        Assert.False(string.IsNullOrEmpty(message.GetProperty("text").GetString()));
}
