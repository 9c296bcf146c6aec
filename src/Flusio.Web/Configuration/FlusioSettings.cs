using System.Globalization;
using System.Net;

namespace Flusio.Web.Configuration;

public enum RegistrationMode
{
    Open,
    Closed,
    Invite,
}

public enum SmtpSecurity
{
    Auto,
    None,
    StartTls,
    Tls,
}

/// <summary>Thrown at start when a setting is invalid; the message names the variable.</summary>
public sealed class ConfigurationException(string message) : Exception(message);

/// <summary>
/// Every setting of the instance, read once at start from the configuration (environment
/// variables, then `.env`). Names match `.env.example`; each invalid value fails with a
/// message that names its variable.
/// </summary>
public sealed record FlusioSettings
{
    public string? DatabaseUrl { get; init; }
    public string DataPath { get; init; } = "./data";
    public Uri BaseUrl { get; init; } = new("http://localhost:5000");
    public RegistrationMode Registration { get; init; } = RegistrationMode.Open;
    public string? SmtpHost { get; init; }
    public int SmtpPort { get; init; } = 587;
    public string? SmtpUsername { get; init; }
    public string? SmtpPassword { get; init; }
    public SmtpSecurity SmtpSecurity { get; init; } = SmtpSecurity.Auto;
    public string MailFrom { get; init; } = "Flusio <noreply@localhost>";
    public bool LogJson { get; init; }
    public bool WorkerInProcess { get; init; } = true;
    public int WorkerConcurrency { get; init; } = 4;

    /// <summary>How long a worker's claim holds a job (renewed at a third of it while it runs): how soon a killed worker's jobs run again.</summary>
    public TimeSpan JobLease { get; init; } = TimeSpan.FromMinutes(5);
    public bool FetchAllowPrivateNetworks { get; init; }
    public IReadOnlyList<string> PeerTubeHosts { get; init; } = [];
    public bool Demo { get; init; }
    public IReadOnlyList<IPNetwork> TrustedProxies { get; init; } = [IPNetwork.Parse("127.0.0.1/32"), IPNetwork.Parse("::1/128")];
    public int AuthRateLimitPerMinute { get; init; } = 10;

    /// <summary>Requests each API token may make per minute (API_RATE_LIMIT).</summary>
    public int ApiRateLimitPerMinute { get; init; } = 300;

    /// <summary>Who may read /metrics without a token: loopback unless set.</summary>
    public IReadOnlyList<IPNetwork> MetricsAllowedNetworks { get; init; } = [IPNetwork.Parse("127.0.0.1/32"), IPNetwork.Parse("::1/128")];

    /// <summary>A bearer token that opens /metrics from anywhere; none unless set.</summary>
    public string? MetricsToken { get; init; }
    public int FetchConcurrency { get; init; } = 16;
    public int RetentionDays { get; init; } = 365;

    /// <summary>Accounts whose e-mail is still not validated this many days after registering are deleted by the housekeeping job.</summary>
    public int UnvalidatedAccountDays { get; init; } = 30;
    public int RetentionMinEntries { get; init; } = 100;

    /// <summary>The WebSub hub the public Atom feeds announce (`&lt;link rel="hub"&gt;`); null: none.</summary>
    public Uri? WebSubHubUrl { get; init; }

    /// <summary>Where media files live: null, the local folder <c>DATA_PATH/media</c>; else an S3-compatible bucket (<c>MEDIA_STORAGE_URL</c>).</summary>
    public S3MediaStorage? MediaStorage { get; init; }

    public bool UsesPostgres => !string.IsNullOrEmpty(DatabaseUrl);

    public string FullDataPath => Path.GetFullPath(DataPath);

    public static FlusioSettings Load(IConfiguration configuration)
    {
        string? Get(string key)
        {
            var value = configuration[key];
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        var settings = new FlusioSettings();
        return settings with
        {
            DatabaseUrl = ParseDatabaseUrl(Get("DATABASE_URL")),
            DataPath = Get("DATA_PATH") ?? settings.DataPath,
            BaseUrl = ParseBaseUrl(Get("BASE_URL")) ?? settings.BaseUrl,
            Registration = ParseEnum(Get("REGISTRATION"), "REGISTRATION", settings.Registration),
            SmtpHost = Get("SMTP_HOST"),
            SmtpPort = ParsePort(Get("SMTP_PORT"), "SMTP_PORT") ?? settings.SmtpPort,
            SmtpUsername = Get("SMTP_USERNAME"),
            SmtpPassword = Get("SMTP_PASSWORD"),
            SmtpSecurity = ParseEnum(Get("SMTP_SECURITY"), "SMTP_SECURITY", settings.SmtpSecurity),
            MailFrom = ParseMailFrom(Get("MAIL_FROM")) ?? settings.MailFrom,
            LogJson = ParseEnum(Get("LOG_FORMAT"), "LOG_FORMAT", LogFormat.Text) == LogFormat.Json,
            WorkerInProcess = ParseBool(Get("WORKER_IN_PROCESS"), "WORKER_IN_PROCESS") ?? settings.WorkerInProcess,
            WorkerConcurrency = ParsePositive(Get("WORKER_CONCURRENCY"), "WORKER_CONCURRENCY") ?? settings.WorkerConcurrency,
            JobLease = ParsePositive(Get("JOB_LEASE_SECONDS"), "JOB_LEASE_SECONDS") is { } lease ? TimeSpan.FromSeconds(lease) : settings.JobLease,
            FetchAllowPrivateNetworks = ParseBool(Get("FETCH_ALLOW_PRIVATE_NETWORKS"), "FETCH_ALLOW_PRIVATE_NETWORKS") ?? false,
            PeerTubeHosts = Get("PEERTUBE_HOSTS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
            Demo = ParseBool(Get("DEMO"), "DEMO") ?? false,
            TrustedProxies = ParseNetworks(Get("TRUSTED_PROXIES"), "TRUSTED_PROXIES") ?? settings.TrustedProxies,
            MetricsAllowedNetworks = ParseNetworks(Get("METRICS_ALLOWED_NETWORKS"), "METRICS_ALLOWED_NETWORKS") ?? settings.MetricsAllowedNetworks,
            MetricsToken = Get("METRICS_TOKEN"),
            AuthRateLimitPerMinute = ParsePositive(Get("AUTH_RATE_LIMIT_PER_MINUTE"), "AUTH_RATE_LIMIT_PER_MINUTE") ?? settings.AuthRateLimitPerMinute,
            ApiRateLimitPerMinute = ParsePositive(Get("API_RATE_LIMIT"), "API_RATE_LIMIT") ?? settings.ApiRateLimitPerMinute,
            FetchConcurrency = ParsePositive(Get("FETCH_CONCURRENCY"), "FETCH_CONCURRENCY") ?? settings.FetchConcurrency,
            RetentionDays = ParsePositive(Get("RETENTION_DAYS"), "RETENTION_DAYS") ?? settings.RetentionDays,
            UnvalidatedAccountDays = ParsePositive(Get("UNVALIDATED_ACCOUNT_DAYS"), "UNVALIDATED_ACCOUNT_DAYS") ?? settings.UnvalidatedAccountDays,
            RetentionMinEntries = ParsePositive(Get("RETENTION_MIN_ENTRIES"), "RETENTION_MIN_ENTRIES") ?? settings.RetentionMinEntries,
            WebSubHubUrl = ParseAbsoluteUrl(Get("WEBSUB_HUB_URL"), "WEBSUB_HUB_URL"),
            MediaStorage = S3MediaStorage.Parse(Get("MEDIA_STORAGE_URL"), Get("MEDIA_S3_ACCESS_KEY"), Get("MEDIA_S3_SECRET_KEY")),
        };
    }

    private enum LogFormat
    {
        Text,
        Json,
    }

    private static string? ParseDatabaseUrl(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != "postgres" && uri.Scheme != "postgresql")
            || string.IsNullOrEmpty(uri.Host)
            || uri.AbsolutePath.Trim('/').Length == 0)
        {
            throw new ConfigurationException(
                "DATABASE_URL must look like postgres://user:password@host:5432/database (or be unset for SQLite).");
        }

        return value;
    }

    private static Uri? ParseBaseUrl(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            throw new ConfigurationException($"BASE_URL must be an absolute http(s) URL, not '{value}'.");
        }

        return uri;
    }

    private static Uri? ParseAbsoluteUrl(string? value, string name)
    {
        if (value is null)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            throw new ConfigurationException($"{name} must be an absolute http(s) URL, not '{value}'.");
        }

        return uri;
    }

    private static string? ParseMailFrom(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (!MimeKit.MailboxAddress.TryParse(value, out _))
        {
            throw new ConfigurationException($"MAIL_FROM must be an address like 'Flusio <noreply@example.org>', not '{value}'.");
        }

        return value;
    }

    private static T ParseEnum<T>(string? value, string name, T fallback)
        where T : struct, Enum
    {
        if (value is null)
        {
            return fallback;
        }

        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && !int.TryParse(value, out _))
        {
            return parsed;
        }

        var allowed = string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
        throw new ConfigurationException($"{name} must be one of {allowed}, not '{value}'.");
    }

    private static bool? ParseBool(string? value, string name) => value?.ToLowerInvariant() switch
    {
        null => null,
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new ConfigurationException($"{name} must be true or false, not '{value}'."),
    };

    private static int? ParsePort(string? value, string name)
    {
        if (value is null)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536)
        {
            return port;
        }

        throw new ConfigurationException($"{name} must be a port number between 1 and 65535, not '{value}'.");
    }

    private static int? ParsePositive(string? value, string name)
    {
        if (value is null)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
        {
            return number;
        }

        throw new ConfigurationException($"{name} must be a positive whole number, not '{value}'.");
    }

    private static List<IPNetwork>? ParseNetworks(string? value, string name)
    {
        if (value is null)
        {
            return null;
        }

        var networks = new List<IPNetwork>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPNetwork.TryParse(part, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(part, out var address))
            {
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else
            {
                throw new ConfigurationException($"{name} must be a comma-separated list of addresses or CIDR networks; '{part}' is neither.");
            }
        }

        return networks;
    }
}
