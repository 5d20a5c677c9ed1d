using System.Text.Json.Nodes;
using Palisade.Core.Policy;

namespace Palisade.Core.Tests.Policy;

public sealed class JsonPatchTests
{
    [Fact]
    public void Serialize_AddAndRemove_WritesRfc6902Array()
    {
        JsonPatchOperation[] ops =
        [
            new("add", "/metadata/annotations/palisade.dev~1tier", JsonValue.Create("vendor")),
            new("remove", "/spec/x", null),
            new("add", "/spec/y", null),
        ];

        Assert.Equal(
            """[{"op":"add","path":"/metadata/annotations/palisade.dev~1tier","value":"vendor"},{"op":"remove","path":"/spec/x"},{"op":"add","path":"/spec/y","value":null}]""",
            JsonPatch.Serialize(ops));
        Assert.Equal("[]", JsonPatch.Serialize([]));
    }

    [Fact]
    public void Apply_EscapedTokens_AddressKeysWithSlashAndTilde()
    {
        var doc = JsonNode.Parse("""{"metadata":{"annotations":{"a~b":"1"}}}""")!;

        var result = JsonPatch.Apply(doc,
        [
            new("add", "/metadata/annotations/palisade.dev~1tier", JsonValue.Create("vendor")),
            new("replace", "/metadata/annotations/a~0b", JsonValue.Create("2")),
        ]);

        Assert.Equal("""{"metadata":{"annotations":{"a~b":"2","palisade.dev/tier":"vendor"}}}""", result.ToJsonString());
        Assert.Equal("""{"metadata":{"annotations":{"a~b":"1"}}}""", doc.ToJsonString());
        Assert.Equal("palisade.dev~1tier", JsonPatch.EscapeToken("palisade.dev/tier"));
        Assert.Equal("a~0~1b", JsonPatch.EscapeToken("a~/b"));
    }

    [Fact]
    public void Apply_ArrayOperations_InsertAppendRemoveTest()
    {
        var doc = JsonNode.Parse("""{"a":[1,2]}""")!;

        var result = JsonPatch.Apply(doc,
        [
            new("add", "/a/0", JsonValue.Create(0)),
            new("add", "/a/-", JsonValue.Create(3)),
            new("remove", "/a/1", null),
            new("test", "/a/1", JsonValue.Create(2)),
        ]);

        Assert.Equal("""{"a":[0,2,3]}""", result.ToJsonString());
    }

    [Theory]
    [InlineData("add", "/missing/child", "JSON Patch add /missing/child: no value at /missing")]
    [InlineData("remove", "/a/5", "JSON Patch remove /a/5: index out of range")]
    [InlineData("replace", "/b", "JSON Patch replace /b: no value to replace")]
    [InlineData("test", "/a/0", "JSON Patch test /a/0: test failed")]
    [InlineData("add", "/a/01", "JSON Patch add /a/01: '01' is not an array index")]
    public void Apply_InvalidOperation_ThrowsNamingOperationAndPath(string op, string path, string expected)
    {
        var doc = JsonNode.Parse("""{"a":[1]}""")!;

        var ex = Assert.Throws<InvalidOperationException>(() => JsonPatch.Apply(doc, [new(op, path, JsonValue.Create(9))]));

        Assert.Equal(expected, ex.Message);
    }
}
