using System.Text.Json.Nodes;
using Palisade.Core.Manifests;

namespace Palisade.Core.Tests.Manifests;

public sealed class ManifestLoaderTests
{
    private const string TwoDocuments = """
        # leading comment
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: app:1
                - name: sidecar
                  image: proxy:2
                  securityContext:
                    privileged: true
        """;

    [Fact]
    public void LoadText_MultiDocument_ReturnsObjectsWithDocumentIndexAndPositions()
    {
        var set = ManifestLoader.LoadText("two.yaml", TwoDocuments);

        Assert.Empty(set.Diagnostics);
        Assert.Equal(2, set.Objects.Count);
        var service = set.Objects[0];
        var deployment = set.Objects[1];
        Assert.Equal(("Service", "web", 0), (service.Kind, service.Name, service.Document));
        Assert.Equal(("Deployment", "web", "shop", "apps/v1", 1), (deployment.Kind, deployment.Name, deployment.Namespace, deployment.ApiVersion, deployment.Document));
        Assert.Null(deployment.Item);
        Assert.Equal(new SourcePosition(2, 1), service.Position);
        Assert.Equal(new SourcePosition(7, 1), deployment.Position);
        Assert.Equal(new SourcePosition(12, 1), deployment.Locate("/spec"));
        Assert.Equal(new SourcePosition(15, 7), deployment.Locate("/spec/template/spec/containers"));
        Assert.Equal(new SourcePosition(16, 11), deployment.Locate("/spec/template/spec/containers/0"));
        Assert.Equal(new SourcePosition(18, 11), deployment.Locate("/spec/template/spec/containers/1"));
        Assert.Equal(new SourcePosition(20, 11), deployment.Locate("/spec/template/spec/containers/1/securityContext"));
        Assert.Equal(new SourcePosition(21, 13), deployment.Locate("/spec/template/spec/containers/1/securityContext/privileged"));
    }

    [Fact]
    public void Locate_MissingField_ReturnsNearestAncestor()
    {
        var deployment = ManifestLoader.LoadText("two.yaml", TwoDocuments).Objects[1];

        Assert.Equal(new SourcePosition(16, 11), deployment.Locate("/spec/template/spec/containers/0/securityContext/runAsUser"));
    }

    [Fact]
    public void LoadText_PlainScalars_AreTypedLikeKubernetes()
    {
        var set = ManifestLoader.LoadText("t.yaml", """
            kind: ConfigMap
            a: yes
            b: "yes"
            c: off
            d: 0x1F
            e: 0755
            f: 0o17
            g: 1_000
            h: 1.5e3
            i: ~
            j:
            k: !!str 42
            l: 2001-12-14
            m: .inf
            big: 18446744073709551615
            o: -9223372036854775808
            p: 09
            q: True
            r: 'on'
            s: |
              text
            yes: key
            3: three
            """);

        Assert.Empty(set.Diagnostics);
        var body = set.Objects[0].Body;
        Assert.True(body["a"]!.GetValue<bool>());
        Assert.Equal("yes", body["b"]!.GetValue<string>());
        Assert.False(body["c"]!.GetValue<bool>());
        Assert.Equal(31L, body["d"]!.GetValue<long>());
        Assert.Equal(493L, body["e"]!.GetValue<long>());
        Assert.Equal(15L, body["f"]!.GetValue<long>());
        Assert.Equal(1000L, body["g"]!.GetValue<long>());
        Assert.Equal(1500d, body["h"]!.GetValue<double>());
        Assert.True(body.ContainsKey("i"));
        Assert.Null(body["i"]);
        Assert.Null(body["j"]);
        Assert.Equal("42", body["k"]!.GetValue<string>());
        Assert.Equal("2001-12-14", body["l"]!.GetValue<string>());
        Assert.Equal(".inf", body["m"]!.GetValue<string>());
        Assert.Equal(ulong.MaxValue, body["big"]!.GetValue<ulong>());
        Assert.Equal(long.MinValue, body["o"]!.GetValue<long>());
        Assert.Equal(9d, body["p"]!.GetValue<double>());
        Assert.True(body["q"]!.GetValue<bool>());
        Assert.Equal("on", body["r"]!.GetValue<string>());
        Assert.Equal("text\n", body["s"]!.GetValue<string>());
        Assert.Equal("key", body["true"]!.GetValue<string>());
        Assert.Equal("three", body["3"]!.GetValue<string>());
    }

    [Fact]
    public void LoadText_AnchorsAndMergeKeys_ExpandWithExplicitKeysWinning()
    {
        var set = ManifestLoader.LoadText("m.yaml", """
            kind: ConfigMap
            base: &base
              a: 1
              b: 2
            extra: &extra
              c: 3
            merged:
              b: 20
              <<: [*base, *extra]
            copy: *base
            """);

        Assert.Empty(set.Diagnostics);
        var obj = set.Objects[0];
        Assert.Equal("""{"a":1,"b":20,"c":3}""", SortedJson(obj.Body["merged"]!));
        Assert.Equal("""{"a":1,"b":2}""", SortedJson(obj.Body["copy"]!));
        Assert.Equal(new SourcePosition(10, 1), obj.Locate("/copy"));
        Assert.Equal(new SourcePosition(3, 3), obj.Locate("/copy/a"));
        Assert.Equal(new SourcePosition(8, 3), obj.Locate("/merged/b"));
    }

    [Fact]
    public void LoadText_DuplicateKey_IsRefusedAsStrictDecodingDoes()
    {
        var set = ManifestLoader.LoadText("d.yaml", "kind: A\nx: {p: 1}\nx: 2\n");

        Assert.Empty(set.Objects);
        var diagnostic = Assert.Single(set.Diagnostics);
        Assert.Equal("d.yaml:3:1: duplicate field \"x\" (already set at line 2); kubectl and the API server's strict field validation reject it", diagnostic.ToString());
    }

    [Fact]
    public void LoadText_KeysNeedingEscapes_UseRfc6901Pointers()
    {
        var obj = ManifestLoader.LoadText("e.yaml", """
            kind: Pod
            metadata:
              annotations:
                container.apparmor.security.beta.kubernetes.io/app: runtime/default
                a~b: x
            """).Objects[0];

        Assert.Equal(new SourcePosition(4, 5), obj.Locate("/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1app"));
        Assert.Equal(new SourcePosition(5, 5), obj.Locate("/metadata/annotations/a~0b"));
    }

    [Fact]
    public void LoadText_Json_ReadsWithPositions()
    {
        var set = ManifestLoader.LoadText("pod.json", """
            {
              "apiVersion": "v1",
              "kind": "Pod",
              "metadata": {"name": "p", "labels": {"on": "yes"}},
              "spec": {
            	"containers": [
                  {"name": "a", "image": "a:1"},
                  {"name":"b","securityContext":{"privileged":true,"runAsUser":1000}}
                ]
              }
            }
            """);

        Assert.Empty(set.Diagnostics);
        var pod = Assert.Single(set.Objects);
        Assert.Equal(("Pod", "p"), (pod.Kind, pod.Name));
        Assert.Equal("yes", pod.Body["metadata"]!["labels"]!["on"]!.GetValue<string>());
        Assert.Equal(new SourcePosition(1, 1), pod.Position);
        Assert.Equal(new SourcePosition(5, 3), pod.Locate("/spec"));
        Assert.Equal(new SourcePosition(7, 7), pod.Locate("/spec/containers/0"));
        Assert.Equal(new SourcePosition(8, 19), pod.Locate("/spec/containers/1/securityContext"));
        Assert.True(pod.Body["spec"]!["containers"]![1]!["securityContext"]!["privileged"]!.GetValue<bool>());
        Assert.Equal(1000L, pod.Body["spec"]!["containers"]![1]!["securityContext"]!["runAsUser"]!.GetValue<long>());
    }

    [Fact]
    public void LoadText_List_ExpandsItemsWithRerootedPositions()
    {
        var set = ManifestLoader.LoadText("list.yaml", """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: Pod
                metadata: {name: a}
              - apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: b
              - notAnObject
            """);

        Assert.Equal(2, set.Objects.Count);
        Assert.Equal(("Pod", "a", 0, (int?)0), (set.Objects[0].Kind, set.Objects[0].Name, set.Objects[0].Document, set.Objects[0].Item));
        Assert.Equal(("ConfigMap", "b", (int?)1), (set.Objects[1].Kind, set.Objects[1].Name, set.Objects[1].Item));
        Assert.Equal(new SourcePosition(4, 5), set.Objects[0].Position);
        Assert.Equal(new SourcePosition(6, 5), set.Objects[0].Locate("/metadata"));
        Assert.Equal(new SourcePosition(10, 7), set.Objects[1].Locate("/metadata/name"));
        Assert.Null(set.Objects[0].Body.Parent);
        Assert.DoesNotContain(set.Objects[1].Positions.Keys, k => k.StartsWith("/items", StringComparison.Ordinal));
        var diagnostic = Assert.Single(set.Diagnostics);
        Assert.Equal("list.yaml:11:5: list item 2 is a scalar, not a Kubernetes object (a mapping)", diagnostic.ToString());
    }

    [Fact]
    public void LoadText_KindEndingInListWithItems_IsExpanded()
    {
        var set = ManifestLoader.LoadText("l.yaml", "kind: PodList\nitems:\n- kind: Pod\n- kind: Pod\n");

        Assert.Equal(new int?[] { 0, 1 }, set.Objects.Select(o => o.Item));
    }

    [Fact]
    public void LoadText_EmptyDocuments_AreSkippedSilently()
    {
        var set = ManifestLoader.LoadText("e.yaml", "# only a comment\n---\n---\n# another\n---\nkind: A\n---\n");

        var obj = Assert.Single(set.Objects);
        Assert.Empty(set.Diagnostics);
        Assert.Equal(new SourcePosition(6, 1), obj.Position);
    }

    [Fact]
    public void LoadText_DocumentNotAMapping_ReportsAndContinues()
    {
        var set = ManifestLoader.LoadText("s.yaml", "- a\n- b\n---\njust text\n---\nkind: A\n");

        Assert.Single(set.Objects);
        Assert.Equal(
            ["s.yaml:1:1: document is a list, not a Kubernetes object (a mapping)", "s.yaml:4:1: document is a scalar, not a Kubernetes object (a mapping)"],
            set.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void LoadText_ObjectWithoutKind_ReportsAtObjectAndContinues()
    {
        var set = ManifestLoader.LoadText("k.yaml", "kind: A\n---\n# x\nmetadata:\n  name: nokind\n---\nkind: B\n");

        Assert.Equal(["A", "B"], set.Objects.Select(o => o.Kind!));
        Assert.Equal("k.yaml:4:1: object has no kind", Assert.Single(set.Diagnostics).ToString());
    }

    [Fact]
    public void Load_Folder_RecursesInOrdinalOrderSkippingHiddenAndOtherFiles()
    {
        using var dir = new TempFolder();
        dir.Write("b.yaml", "kind: B\n");
        dir.Write("a.yml", "kind: A\n---\nkind: A2\n");
        dir.Write("sub/c.json", """{"kind": "C"}""");
        dir.Write("sub/deeper/D.YAML", "kind: D\n");
        dir.Write(".git/config.yaml", "kind: Hidden\n");
        dir.Write("notes.txt", "kind: Text\n");

        var set = ManifestLoader.Load([dir.Path]);

        Assert.Empty(set.Diagnostics);
        Assert.Equal(["A", "A2", "B", "C", "D"], set.Objects.Select(o => o.Kind!));
        Assert.Equal(4, set.Files);
        Assert.Equal(Path.Join(dir.Path, "a.yml"), set.Objects[0].Source);
        Assert.Equal(Path.Join(dir.Path, "sub", "deeper", "D.YAML"), set.Objects[4].Source);
    }

    [Fact]
    public void Load_ManyFiles_KeepsInputOrder()
    {
        using var dir = new TempFolder();
        var paths = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            paths.Add(dir.Write($"f{i}.yaml", $"kind: K{i}\n---\nkind: K{i}b\n"));
        }

        paths.Reverse();
        var set = ManifestLoader.Load(paths);

        Assert.Equal(paths.SelectMany(p => new[] { p, p }), set.Objects.Select(o => o.Source));
        Assert.Equal(50, set.Files);
    }

    [Fact]
    public void Load_Stdin_ReadsDashAsStdinSource()
    {
        using var dir = new TempFolder();
        var file = dir.Write("f.yaml", "kind: FromFile\n");

        var set = ManifestLoader.Load([file, "-"], new StringReader("kind: FromStdin\n---\nkind: Second\n"));

        Assert.Equal(["FromFile", "FromStdin", "Second"], set.Objects.Select(o => o.Kind!));
        Assert.Equal("<stdin>", set.Objects[1].Source);
        Assert.Equal(new SourcePosition(3, 1), set.Objects[2].Position);
        Assert.Equal(2, set.Files);
    }

    [Fact]
    public void Load_StdinJson_IsRead()
    {
        var set = ManifestLoader.Load(["-"], new StringReader("""{"kind":"Pod","metadata":{"name":"x"}}"""));

        Assert.Equal("x", Assert.Single(set.Objects).Name);
    }

    [Fact]
    public void Load_MissingPath_ReportsAndLoadsTheRest()
    {
        using var dir = new TempFolder();
        var file = dir.Write("ok.yaml", "kind: A\n");
        var missing = Path.Join(dir.Path, "nope.yaml");

        var set = ManifestLoader.Load([missing, file]);

        Assert.Single(set.Objects);
        Assert.Equal($"{missing}: no such file or directory", Assert.Single(set.Diagnostics).ToString());
    }

    internal static string SortedJson(JsonNode node) =>
        new JsonObject(node.AsObject().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString();
}
