using System.Reflection;
using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Tests.Architecture;

/// <summary>
/// The shape docs/architecture.md describes, checked: controllers call services and never
/// the database; folders depend on each other without circles.
/// </summary>
public sealed partial class LayeringTests
{
    [Fact]
    public void No_controller_takes_the_database_context()
    {
        var controllers = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(ControllerBase).IsAssignableFrom(t) && !t.IsAbstract)
            .ToList();
        Assert.True(controllers.Count > 10, $"only {controllers.Count} controllers found");
        var offenders = controllers
            .SelectMany(c => c.GetConstructors().SelectMany(ctor => ctor.GetParameters())
                .Concat(c.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).SelectMany(m => m.GetParameters()))
                .Where(p => typeof(DbContext).IsAssignableFrom(p.ParameterType))
                .Select(p => $"{c.Name}({p.ParameterType.Name} {p.Name})"))
            .ToList();
        Assert.True(offenders.Count == 0, "Controllers call a service instead: " + string.Join(", ", offenders));
    }

    [Theory]
    [InlineData("src/Flusio.Web", "Flusio.Web")]
    public void Folders_depend_on_each_other_without_circles(string project, string rootNamespace)
    {
        var graph = FolderGraph(Repository.PathOf(project), rootNamespace);
        Assert.True(graph.Count >= 4, $"only {graph.Count} folders found in {project}");
        var cycle = FindCycle(graph);
        Assert.True(cycle is null, $"{project}: folders in a circle: {string.Join(" → ", cycle ?? [])}");
    }

    [Fact]
    public void The_circle_check_finds_a_circle()
    {
        var graph = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B"],
            ["B"] = ["C"],
            ["C"] = ["A"],
            ["D"] = ["A"],
        };
        Assert.Equal(["A", "B", "C", "A"], FindCycle(graph));
        graph["C"].Clear();
        Assert.Null(FindCycle(graph));
    }

    /// <summary>Top-level folder → the top-level folders its files name (usings, qualified names, views' usings).</summary>
    private static Dictionary<string, HashSet<string>> FolderGraph(string projectFolder, string rootNamespace)
    {
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var reference = new Regex(Regex.Escape(rootNamespace) + @"\.([A-Z][A-Za-z0-9]*)\b");
        foreach (var folder in Directory.GetDirectories(projectFolder).Select(Path.GetFileName).OfType<string>())
        {
            if (folder is "bin" or "obj" or "Properties")
            {
                continue;
            }

            var edges = graph[folder] = new HashSet<string>(StringComparer.Ordinal);
            var files = Directory.EnumerateFiles(Path.Combine(projectFolder, folder), "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal));
            foreach (var file in files)
            {
                foreach (Match match in reference.Matches(StripComments(File.ReadAllText(file))))
                {
                    if (match.Groups[1].Value != folder)
                    {
                        edges.Add(match.Groups[1].Value);
                    }
                }
            }
        }

        // Names that are not folders (a type at the root, say) are no edges.
        foreach (var edges in graph.Values)
        {
            edges.RemoveWhere(e => !graph.ContainsKey(e));
        }

        return graph;
    }

    private static string StripComments(string source) => CommentPattern().Replace(source, "");

    /// <summary>The first circle found, as a path that starts and ends on the same folder, or null.</summary>
    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1: on the path, 2: done
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph[node].Order(StringComparer.Ordinal))
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. path.Skip(path.IndexOf(next)), next];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex CommentPattern();
}
