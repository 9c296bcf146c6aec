using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Operations;

/// <summary>The borgmatic examples of deploy/borgmatic, validated by borgmatic itself.</summary>
public sealed class BorgmaticTests
{
    [BorgmaticTheory]
    [InlineData("config.yaml")]
    [InlineData("config-sqlite.yaml")]
    public async Task The_example_configuration_is_valid(string file)
    {
        var (code, output, errors) = await ExternalTool.RunAsync(BorgmaticTheoryAttribute.Validator, "-c", Repository.PathOf("deploy/borgmatic/" + file));
        Assert.True(code == 0, output + errors);
    }

    [BorgmaticTheory]
    [InlineData("keep_daily: 7", "keep_daly: 7")]
    [InlineData("encryption_passcommand:", "encryption_pascommand:")]
    public async Task The_validator_refuses_a_wrong_key(string key, string typo)
    {
        var bad = Path.Combine(Directory.CreateTempSubdirectory("flusio-borgmatic-").FullName, "config.yaml");
        await File.WriteAllTextAsync(bad, (await File.ReadAllTextAsync(Repository.PathOf("deploy/borgmatic/config.yaml"))).Replace(key, typo, StringComparison.Ordinal));
        var (code, output, errors) = await ExternalTool.RunAsync(BorgmaticTheoryAttribute.Validator, "-c", bad);
        Assert.NotEqual(0, code);
        Assert.Contains(typo.TrimEnd(':', ' ', '7'), output + errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("config.yaml", "postgresql_databases:")]
    [InlineData("config-sqlite.yaml", "backup --out /var/backups/flusio/flusio.tar.gz")]
    public void Each_example_backs_up_its_database_encrypted_with_retention_and_checks(string file, string database)
    {
        var text = File.ReadAllText(Repository.PathOf("deploy/borgmatic/" + file));
        foreach (var part in new[] { database, "encryption_passcommand: cat /etc/borgmatic/flusio.passphrase", "keep_daily:", "keep_weekly:", "keep_monthly:", "checks:", "- name: repository", "- name: data" })
        {
            Assert.Contains(part, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("encryption_passphrase:", text, StringComparison.Ordinal);
    }
}

/// <summary>
/// A test that needs borgmatic's validator: skipped with the reason when it is missing, unless
/// FLUSIO_REQUIRE_BORGMATIC=1 (CI), where it runs and fails plainly.
/// </summary>
public sealed class BorgmaticTheoryAttribute : TheoryAttribute
{
    public static string Validator => "/usr/bin/validate-borgmatic-config";

    public BorgmaticTheoryAttribute()
    {
        if (!File.Exists(Validator) && Environment.GetEnvironmentVariable("FLUSIO_REQUIRE_BORGMATIC") != "1")
        {
            Skip = "borgmatic not found: apt-get install borgmatic";
        }
    }
}
