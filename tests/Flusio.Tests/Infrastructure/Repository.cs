namespace Flusio.Tests.Infrastructure;

/// <summary>The repository's top folder (where Flusio.sln is), for tests that read the source.</summary>
public static class Repository
{
    private static readonly Lazy<string> TopFolder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Flusio.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Flusio.sln not found above {AppContext.BaseDirectory}");
    });

    public static string Top => TopFolder.Value;

    public static string PathOf(string relative) => Path.Combine(Top, relative);
}
