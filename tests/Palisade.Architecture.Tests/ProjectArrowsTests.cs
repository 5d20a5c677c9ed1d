namespace Palisade.Architecture.Tests;

public sealed class ProjectArrowsTests
{
    [Fact]
    public void Repository_EveryProjectReference_FollowsTheArrows()
    {
        var problems = ProjectGraph.Violations(ProjectGraph.RepoRoot(), ProjectArrows.Allowed);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Repository_HasTheCoreProjects()
    {
        var root = ProjectGraph.RepoRoot();
        foreach (var name in new[] { "Palisade.Core", "Palisade.Sandbox", "Palisade.Webhook", "Palisade.Cli" })
        {
            Assert.True(File.Exists(Path.Combine(root, "src", name, name + ".csproj")), name);
        }
    }

    [Theory]
    [InlineData("Palisade.Webhook", "Palisade.Sandbox", "Palisade.Webhook -> Palisade.Sandbox: not an allowed arrow")]
    [InlineData("Palisade.Core", "Palisade.Cli", "Palisade.Core -> Palisade.Cli: not an allowed arrow")]
    [InlineData("Palisade.Sandbox", "Palisade.Cli", "Palisade.Sandbox -> Palisade.Cli: not an allowed arrow")]
    [InlineData("Palisade.Monitor", "Palisade.Sandbox", "Palisade.Monitor -> Palisade.Sandbox: not an allowed arrow")]
    public void Violations_ForbiddenReference_IsReported(string from, string to, string expected)
    {
        using var repo = new ScratchRepo();
        repo.AddProject(from, to);
        repo.AddProject(to);

        Assert.Contains(expected, ProjectGraph.Violations(repo.Root, ProjectArrows.Allowed));
    }

    [Fact]
    public void Violations_UnknownProject_IsReported()
    {
        using var repo = new ScratchRepo();
        repo.AddProject("Palisade.Gadget", "Palisade.Core");

        var problem = Assert.Single(ProjectGraph.Violations(repo.Root, ProjectArrows.Allowed));
        Assert.StartsWith("Palisade.Gadget: not in the architecture table", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Violations_AllowedReferences_AreNotReported()
    {
        using var repo = new ScratchRepo();
        repo.AddProject("Palisade.Cli", "Palisade.Core", "Palisade.Sandbox", "Palisade.Webhook");
        repo.AddProject("Palisade.Sandbox", "Palisade.Core");
        repo.AddProject("Palisade.Core");

        Assert.Empty(ProjectGraph.Violations(repo.Root, ProjectArrows.Allowed));
    }

    private sealed class ScratchRepo : IDisposable
    {
        public ScratchRepo()
        {
            Root = Directory.CreateTempSubdirectory("palisade-arch-").FullName;
        }

        public string Root { get; }

        public void AddProject(string name, params string[] references)
        {
            var dir = Directory.CreateDirectory(Path.Combine(Root, "src", name)).FullName;
            var items = string.Concat(references.Select(r =>
                $"""<ProjectReference Include="..\{r}\{r}.csproj" />"""));
            File.WriteAllText(
                Path.Combine(dir, name + ".csproj"),
                $"""<Project Sdk="Microsoft.NET.Sdk"><ItemGroup>{items}</ItemGroup></Project>""");
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
