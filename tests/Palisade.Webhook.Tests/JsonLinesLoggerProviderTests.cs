using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Palisade.Webhook.Tests;

public sealed class JsonLinesLoggerProviderTests
{
    [Fact]
    public void Log_DecisionEvent_OneJsonObjectPerLineWithItsFields()
    {
        using var output = new MemoryStream();
        using (var provider = new JsonLinesLoggerProvider(output))
        {
            var logger = provider.CreateLogger("Palisade.Webhook");
            for (var i = 0; i < 1000; i++)
            {
                WebhookLog.Decision(logger, "mutate", "patched", "Pod", "team-a", $"pod-{i}", "vendor", "kata", false, "uid", "alice", 0.1234, null);
            }
        }

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1000, lines.Length);
        var last = JsonNode.Parse(lines[^1])!;
        Assert.Equal("Information", (string?)last["level"]);
        Assert.Equal(1, (int)last["eventId"]!);
        Assert.Equal("pod-999", (string?)last["Name"]);
        Assert.Equal("team-a", (string?)last["namespace"]);
        Assert.False((bool)last["DryRun"]!);
        Assert.Equal(0.123, (double)last["Milliseconds"]!);
        Assert.StartsWith("admission mutate patched Pod team-a/pod-999", (string?)last["message"], StringComparison.Ordinal);
    }
}
