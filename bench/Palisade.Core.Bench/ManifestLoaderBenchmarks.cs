using System.Text;
using BenchmarkDotNet.Attributes;
using Palisade.Core.Manifests;

namespace Palisade.Core.Bench;

/// <summary>
/// Loading 1,000 Deployments (about 40 lines each) from one multi-document YAML text, with and without decoding their
/// pod templates. The baseline is YamlDotNet's event parser alone over the same text: the floor we build on.
/// </summary>
[MemoryDiagnoser]
public class ManifestLoaderBenchmarks
{
    private const int Deployments = 1_000;

    private string _yaml = "";

    [GlobalSetup]
    public void Setup() => _yaml = Generate(Deployments);

    [Benchmark(Baseline = true)]
    public int YamlDotNetEventsOnly()
    {
        var parser = new YamlDotNet.Core.Parser(new StringReader(_yaml));
        var events = 0;
        while (parser.MoveNext())
        {
            events++;
        }

        return events;
    }

    [Benchmark]
    public int Load() => ManifestLoader.LoadText("bench.yaml", _yaml).Objects.Count;

    [Benchmark]
    public int LoadAndReadPodTemplates()
    {
        var templates = 0;
        foreach (var obj in ManifestLoader.LoadText("bench.yaml", _yaml).Objects)
        {
            templates += PodTemplateReader.Read(obj).Template is null ? 0 : 1;
        }

        return templates;
    }

    internal static string Generate(int count)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            sb.Append(
                $$"""
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web-{{i}}
                  namespace: team-{{i % 7}}
                  labels:
                    app: web-{{i}}
                    tier: frontend
                  annotations:
                    owner: "team-{{i % 7}}"
                spec:
                  replicas: 3
                  selector:
                    matchLabels:
                      app: web-{{i}}
                  template:
                    metadata:
                      labels:
                        app: web-{{i}}
                    spec:
                      serviceAccountName: web
                      securityContext:
                        runAsNonRoot: true
                        seccompProfile:
                          type: RuntimeDefault
                      containers:
                        - name: app
                          image: registry.example.com/web:{{i}}
                          args: ["--port", "8080", "--verbose"]
                          ports:
                            - containerPort: 8080
                          env:
                            - name: MODE
                              value: production
                          resources:
                            limits: {cpu: 500m, memory: 256Mi}
                          securityContext:
                            allowPrivilegeEscalation: false
                            capabilities:
                              drop: [ALL]

                """);
        }

        return sb.ToString();
    }
}
