using System.Text.Json.Nodes;

namespace Palisade.Core.Tests.Policy.Export;

/// <summary>
/// The CEL engine the differential test relies on, checked against documented examples: the Kubernetes strings
/// extension functions the exporter emits (examples from the cel-go strings extension documentation that the
/// Kubernetes CEL page refers to), and the driver's two shims (the JSONPatch example of the Kubernetes
/// MutatingAdmissionPolicy page, and the <c>__namespace__</c> escape).
/// </summary>
public sealed class CelDriverShimTests
{
    [Fact]
    public void Driver_DocumentedExamples_EvaluateAsDocumented()
    {
        var expected = new Dictionary<string, string>
        {
            ["'hello mellow'.indexOf('')"] = "0",
            ["'hello mellow'.indexOf('ello')"] = "1",
            ["'hello mellow'.indexOf('jello')"] = "-1",
            ["'hello mellow'.lastIndexOf('')"] = "12",
            ["'hello mellow'.lastIndexOf('ello')"] = "7",
            ["'TacoCat'.lowerAscii()"] = "\"tacocat\"",
            ["'hello hello'.split(' ')"] = "[\"hello\",\"hello\"]",
            ["'tacocat'.substring(4)"] = "\"cat\"",
            ["'tacocat'.substring(0, 4)"] = "\"taco\"",
            ["[JSONPatch{op: \"test\", path: \"/spec/example\", value: \"Red\"}, JSONPatch{op: \"replace\", path: \"/spec/example\", value: \"Green\"}]"] =
                "[{\"op\":\"test\",\"path\":\"/spec/example\",\"value\":\"Red\"},{\"op\":\"replace\",\"path\":\"/spec/example\",\"value\":\"Green\"}]",
            ["object.metadata.__namespace__"] = "\"shop\"",
        };
        var outputs = expected.Keys.Select((k, i) => (Key: $"e{i}", Expression: k)).ToList();

        var answer = CelDriver.Run(
            [new CelDriver.Program([], outputs.ToDictionary(o => o.Key, o => o.Expression))],
            [(0, new JsonObject { ["object"] = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "shop" } } })]);

        var result = Assert.Single(answer.Results);
        Assert.All(outputs, o => Assert.Equal(expected[o.Expression], result[o.Key]?.ToJsonString()));
    }
}
