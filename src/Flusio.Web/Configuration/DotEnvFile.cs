namespace Flusio.Web.Configuration;

/// <summary>
/// Reads a `.env` file (KEY=value lines, # comments, optional quotes) into a dictionary.
/// Real environment variables win over the file: the file only fills gaps.
/// </summary>
public static class DotEnvFile
{
    public static Dictionary<string, string?> Read(string path)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return values;
        }

        foreach (var rawLine in File.ReadAllLines(path))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var key = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            if (Environment.GetEnvironmentVariable(key) is null)
            {
                values[key] = value;
            }
        }

        return values;
    }
}

public static class DotEnvConfiguration
{
    /// <summary>Adds the `.env` of the working directory; it holds only what the environment does not set.</summary>
    public static IConfigurationBuilder AddDotEnv(this IConfigurationBuilder configuration)
    {
        var values = DotEnvFile.Read(Path.Combine(Directory.GetCurrentDirectory(), ".env"));
        return values.Count > 0 ? configuration.AddInMemoryCollection(values) : configuration;
    }
}
