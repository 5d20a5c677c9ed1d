namespace Palisade.Architecture.Tests;

public sealed class ProjectArrowsTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("palisade-arch-").FullName;

    [Fact]
    public void Violations_RepositorySrc_HoldsTheIntendedArrows()
    {
        var graph = ProjectArrows.Read(Path.Combine(RepositoryRoot(), "src"));

        Assert.Contains("Palisade.Core", graph.Keys);
        Assert.Contains("Palisade.Cli", graph.Keys);
        Assert.Empty(ProjectArrows.Violations(graph));
    }

    [Fact]
    public void Violations_WebhookReferencesSandbox_Fails()
    {
        WriteProject("Palisade.Core");
        WriteProject("Palisade.Sandbox", "Palisade.Core");
        WriteProject("Palisade.Webhook", "Palisade.Core", "Palisade.Sandbox");

        var violations = ProjectArrows.Violations(ProjectArrows.Read(scratch));

        Assert.Equal(["Palisade.Webhook -> Palisade.Sandbox: not an allowed arrow (allowed: Palisade.Core)"], violations);
    }

    [Fact]
    public void Violations_CoreReferencesAnythingOrLibraryReferencesCli_Fails()
    {
        WriteProject("Palisade.Core", "Palisade.Sandbox");
        WriteProject("Palisade.Sandbox", "Palisade.Core", "Palisade.Cli");
        WriteProject("Palisade.Cli", "Palisade.Core", "Palisade.Sandbox");

        var violations = ProjectArrows.Violations(ProjectArrows.Read(scratch));

        Assert.Equal(
            [
                "Palisade.Core -> Palisade.Sandbox: not an allowed arrow (allowed: none)",
                "Palisade.Sandbox -> Palisade.Cli: not an allowed arrow (allowed: Palisade.Core)",
            ],
            violations);
    }

    [Fact]
    public void Violations_UnknownProjectUnderSrc_Fails()
    {
        WriteProject("Palisade.Core");
        WriteProject("Palisade.Extras", "Palisade.Core");

        var violations = ProjectArrows.Violations(ProjectArrows.Read(scratch));

        Assert.Equal(["Palisade.Extras: unknown project under src/; add it to the arrows table (docs/architecture.md)"], violations);
    }

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private void WriteProject(string name, params string[] references)
    {
        var dir = Directory.CreateDirectory(Path.Combine(scratch, name)).FullName;
        var items = string.Concat(references.Select(r => $"    <ProjectReference Include=\"..\\{r}\\{r}.csproj\" />\n"));
        File.WriteAllText(
            Path.Combine(dir, name + ".csproj"),
            $"<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n{items}  </ItemGroup>\n</Project>\n");
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.slnx")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return dir.FullName;
    }
}
