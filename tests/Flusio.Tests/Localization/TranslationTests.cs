using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Localization;

/// <summary>
/// Every English key of the source has its French translation, the translations keep
/// their placeholders, none is left over, and the app really serves French.
/// </summary>
public sealed partial class TranslationTests(AppsFixture apps) : IClassFixture<AppsFixture>
{
    private const string ResxPath = "src/Flusio.Web/Resources/SharedResource.fr.resx";

    /// <summary>
    /// Keys the source uses that cannot be translated until the source changes, each with
    /// why. The test fails when one of them becomes translatable or disappears, so that it
    /// leaves this list.
    /// </summary>
    private static readonly Dictionary<string, string> AwaitingSourceChange = new(StringComparer.Ordinal)
    {
    };

    [Fact]
    public void Every_key_of_the_source_has_a_French_translation()
    {
        var french = FrenchTranslations();
        var byCase = french.Keys.ToLookup(k => k, StringComparer.OrdinalIgnoreCase);
        var keys = SourceKeys();
        Assert.NotEmpty(keys);

        var untranslated = keys.Keys
            .Where(k => !french.TryGetValue(k, out var value) || string.IsNullOrWhiteSpace(value))
            .ToHashSet(StringComparer.Ordinal);
        var missing = untranslated
            .Where(k => !AwaitingSourceChange.ContainsKey(k))
            .Order(StringComparer.Ordinal)
            .Select(k => $"{keys[k]}: \"{k}\""
                + (byCase[k].FirstOrDefault(other => other != k) is { } other
                    ? $" (differs only by case from \"{other}\", which .resources cannot tell apart: give it another key)"
                    : ""))
            .ToList();
        var resolved = AwaitingSourceChange.Keys
            .Where(k => !untranslated.Contains(k))
            .Select(k => $"\"{k}\" ({(keys.ContainsKey(k) ? "now translated" : "no longer in the source")})")
            .ToList();

        Assert.True(missing.Count == 0,
            $"{missing.Count} key(s) without a French translation in {ResxPath}:\n{string.Join("\n", missing)}");
        Assert.True(resolved.Count == 0,
            $"Remove from {nameof(AwaitingSourceChange)}:\n{string.Join("\n", resolved)}");
    }

    [Fact]
    public void French_translations_keep_the_placeholders_of_their_key()
    {
        var wrong = new List<string>();
        foreach (var (key, value) in FrenchTranslations())
        {
            var expected = Placeholders(key);
            var actual = Placeholders(value);
            if (!expected.SetEquals(actual))
            {
                wrong.Add($"\"{key}\": expected {{{string.Join("}, {", expected.Order())}}}, found {{{string.Join("}, {", actual.Order())}}} in \"{value}\"");
                continue;
            }

            // Stray braces would make string.Format throw when the page is shown.
            var arguments = Enumerable.Range(0, expected.Count == 0 ? 0 : expected.Max() + 1).Select(i => (object)$"arg{i}").ToArray();
            try
            {
                _ = string.Format(CultureInfo.InvariantCulture, value, arguments);
            }
            catch (FormatException)
            {
                wrong.Add($"\"{key}\": \"{value}\" is not a valid format string");
            }
        }

        Assert.True(wrong.Count == 0, $"Placeholders differ:\n{string.Join("\n", wrong)}");
    }

    [Fact]
    public void The_French_resources_hold_no_key_the_source_no_longer_uses()
    {
        var used = SourceKeys();
        var stale = FrenchTranslations().Keys
            .Where(k => !used.ContainsKey(k))
            .Order(StringComparer.Ordinal)
            .Select(k => $"\"{k}\"")
            .ToList();

        Assert.True(stale.Count == 0,
            $"{stale.Count} key(s) of {ResxPath} are no longer used in the source: remove them or use them.\n{string.Join("\n", stale)}");
    }

    [Fact]
    public void The_French_resources_define_each_key_once()
    {
        // The resource compiler drops, with a mere warning, names that differ only by case.
        var duplicates = ResxEntries()
            .GroupBy(e => e.Key, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => string.Join(" / ", g.Select(e => $"\"{e.Key}\"")))
            .ToList();

        Assert.True(duplicates.Count == 0, $"Keys defined more than once (case ignored) in {ResxPath}:\n{string.Join("\n", duplicates)}");
    }

    [Fact]
    public async Task Pages_follow_the_browser_language_and_validation_errors_are_French()
    {
        var app = apps[Db.Sqlite];

        using var english = app.Browser();
        var englishLogin = await english.GetAsync("/login");
        Assert.Contains("<html lang=\"en\"", englishLogin.Html, StringComparison.Ordinal);
        Assert.Contains("Log in with a passkey", englishLogin.Text, StringComparison.Ordinal);

        using var browser = app.Browser();
        browser.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR,fr;q=0.9,en;q=0.5");
        var login = await browser.GetAsync("/login");
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Contains("<html lang=\"fr\"", login.Html, StringComparison.Ordinal);
        Assert.Contains("Se connecter", login.Text, StringComparison.Ordinal);
        Assert.Contains("Se connecter avec une clé d'accès", login.Text, StringComparison.Ordinal);
        Assert.Contains("Mot de passe oublié ?", login.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Log in with a passkey", login.Text, StringComparison.Ordinal);

        // DataAnnotations messages.
        var empty = await browser.SubmitAsync("/login", "/login", new Dictionary<string, string>
        {
            ["Identifier"] = "",
            ["Password"] = "",
        });
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.Contains("Saisissez votre nom d'utilisateur ou votre adresse e-mail.", empty.Text, StringComparison.Ordinal);
        Assert.Contains("Saisissez votre mot de passe.", empty.Text, StringComparison.Ordinal);

        // A message from a controller.
        var wrong = await browser.LoginAsync(TestAccounts.UniqueName("nobody"), "not the password");
        Assert.Contains("Nom d'utilisateur, adresse e-mail ou mot de passe incorrect.", wrong.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_in_French_gives_French_identity_errors_and_a_French_mail()
    {
        var app = apps[Db.Sqlite];
        var existing = await app.CreateUserAsync();
        using var browser = app.Browser();
        browser.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");

        var taken = await browser.RegisterAsync(existing.UserName!, $"other{Guid.NewGuid():N}@example.test", TestAccounts.Password);
        Assert.Equal(HttpStatusCode.OK, taken.Status);
        Assert.Contains($"Le nom d'utilisateur « {existing.UserName} » est déjà pris.", taken.Text, StringComparison.Ordinal);

        var name = TestAccounts.UniqueName("fr");
        var email = $"{name}@example.test";
        var registered = await browser.RegisterAsync(name, email, TestAccounts.Password);
        Assert.True(registered.IsRedirectTo("/news"), registered.Text);

        var mail = await FlusioApp.Smtp.WaitForMailAsync(email);
        Assert.Equal("Validez votre adresse e-mail", mail.Subject);
        Assert.StartsWith($"Bonjour {name}, veuillez confirmer", mail.TextBody, StringComparison.Ordinal);

        var news = await browser.GetAsync("/news");
        Assert.Contains("Bienvenue ! Nous vous avons envoyé un e-mail pour valider votre adresse.", news.Text, StringComparison.Ordinal);
        Assert.Contains("Votre adresse e-mail n'est pas encore validée", news.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_who_prefers_French_gets_French_pages_whatever_the_browser_says()
    {
        var app = apps[Db.Sqlite];
        var loggedIn = await app.LoggedInAsync();
        using var browser = loggedIn.Browser;
        browser.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        Assert.Contains("<html lang=\"en\"", (await browser.GetAsync("/news")).Html, StringComparison.Ordinal);

        var saved = await browser.SubmitAsync("/settings/preferences", "/settings/preferences", new Dictionary<string, string>
        {
            ["Locale"] = "fr",
            ["Theme"] = "system",
        });
        Assert.True(saved.IsRedirectTo("/settings/preferences"), $"{saved.Status} {saved.Text}");

        var preferences = await browser.GetAsync("/settings/preferences");
        Assert.Contains("<html lang=\"fr\"", preferences.Html, StringComparison.Ordinal);
        Assert.Contains("Vos préférences sont enregistrées.", preferences.Text, StringComparison.Ordinal);
        Assert.Contains("Préférences", preferences.Text, StringComparison.Ordinal);

        var news = await browser.GetAsync("/news");
        Assert.Contains("<html lang=\"fr\"", news.Html, StringComparison.Ordinal);
        Assert.Contains("Aucune actualité pour l'instant", news.Text, StringComparison.Ordinal);
        Assert.Contains("À lire plus tard", news.Text, StringComparison.Ordinal);

        // Model validation of a settings form, in the user's language.
        var invalid = await browser.SubmitAsync("/settings/account", "/settings/account/password", new Dictionary<string, string>
        {
            ["ChangePassword.CurrentPassword"] = "",
            ["ChangePassword.NewPassword"] = "",
        });
        Assert.Equal(HttpStatusCode.OK, invalid.Status);
        Assert.Contains("Saisissez votre mot de passe actuel.", invalid.Text, StringComparison.Ordinal);
        Assert.Contains("Choisissez un mot de passe.", invalid.Text, StringComparison.Ordinal);

        // After logging out, the browser remembers the language for the login page.
        var logout = await browser.SubmitAsync("/settings/preferences", "/logout", new Dictionary<string, string>());
        Assert.True(logout.IsRedirectTo("/login"), $"{logout.Status} {logout.Text}");
        var login = await browser.GetAsync("/login");
        Assert.Contains("<html lang=\"fr\"", login.Html, StringComparison.Ordinal);
        Assert.Contains("Se connecter", login.Text, StringComparison.Ordinal);
    }

    // ---- Reading the source and the resources ----

    private static IEnumerable<KeyValuePair<string, string>> ResxEntries()
    {
        var document = XDocument.Load(Path.Combine(Repository.Top, ResxPath));
        return document.Root!.Elements("data")
            .Where(d => d.Attribute("type") is null)
            .Select(d => new KeyValuePair<string, string>((string)d.Attribute("name")!, (string?)d.Element("value") ?? ""));
    }

    private static Dictionary<string, string> FrenchTranslations()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in ResxEntries())
        {
            result.TryAdd(key, value);
        }

        return result;
    }

    /// <summary>Every literal key of the source (.cs and .cshtml of src/), with where it first appears.</summary>
    private static Dictionary<string, string> SourceKeys()
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var src = Path.Combine(Repository.Top, "src");
        var files = Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !IsBuildOutput(Path.GetRelativePath(src, f)))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var relative = Path.GetRelativePath(Repository.Top, file).Replace('\\', '/');

            void Add(string literal, int index)
            {
                var line = 1 + text.AsSpan(0, index).Count('\n');
                keys.TryAdd(Unescape(literal), $"{relative}:{line}");
            }

            foreach (var pattern in new[] { IndexerKey(), ErrorMessageKey(), DisplayNameKey() })
            {
                foreach (Match m in pattern.Matches(text))
                {
                    Add(m.Groups["key"].Value, m.Index);
                }
            }

            // AccountMails passes its subject and intro keys to SendAsync, which looks them up.
            if (Path.GetFileName(file) == "AccountMails.cs")
            {
                foreach (var (arguments, start) in CallArguments(text, "SendAsync"))
                {
                    foreach (Match m in StringLiteral().Matches(arguments))
                    {
                        Add(m.Groups["key"].Value, start + m.Index);
                    }
                }
            }
        }

        return keys;
    }

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.Replace('\\', '/').Split('/').Any(part => part is "bin" or "obj");

    /// <summary>The argument text of each call to <paramref name="method"/>, with where it starts.</summary>
    private static IEnumerable<(string Arguments, int Start)> CallArguments(string text, string method)
    {
        foreach (Match m in Regex.Matches(text, $@"\b{method}\s*\("))
        {
            var start = m.Index + m.Length;
            var depth = 1;
            var i = start;
            for (; i < text.Length && depth > 0; i++)
            {
                switch (text[i])
                {
                    case '"':
                        // Skip the literal, escapes included.
                        for (i++; i < text.Length && text[i] != '"'; i++)
                        {
                            if (text[i] == '\\')
                            {
                                i++;
                            }
                        }

                        break;
                    case '(':
                        depth++;
                        break;
                    case ')':
                        depth--;
                        break;
                }
            }

            yield return (text[start..Math.Max(start, i - 1)], start);
        }
    }

    private static string Unescape(string literal)
    {
        if (!literal.Contains('\\', StringComparison.Ordinal))
        {
            return literal;
        }

        var builder = new StringBuilder(literal.Length);
        for (var i = 0; i < literal.Length; i++)
        {
            if (literal[i] != '\\' || i + 1 == literal.Length)
            {
                builder.Append(literal[i]);
                continue;
            }

            i++;
            builder.Append(literal[i] switch
            {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                '0' => '\0',
                var c => c, // \" \\ \'
            });
        }

        return builder.ToString();
    }

    private static HashSet<int> Placeholders(string text) =>
        Placeholder().Matches(text.Replace("{{", "", StringComparison.Ordinal).Replace("}}", "", StringComparison.Ordinal))
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .ToHashSet();

    /// <summary>T["..."], t["..."], localizer["..."]: the localizers of views, controllers and services.</summary>
    [GeneratedRegex("""(?<![\w.])(?:T|t|localizer)\[\s*"(?<key>(?:[^"\\\r\n]|\\.)*)"(?=\s*[,\]])""")]
    private static partial Regex IndexerKey();

    [GeneratedRegex("""\bErrorMessage\s*=\s*"(?<key>(?:[^"\\\r\n]|\\.)*)"(?=\s*[,)])""")]
    private static partial Regex ErrorMessageKey();

    [GeneratedRegex("""\bDisplay\s*\(\s*Name\s*=\s*"(?<key>(?:[^"\\\r\n]|\\.)*)"(?=\s*[,)])""")]
    private static partial Regex DisplayNameKey();

    [GeneratedRegex("""(?<![@$\w])"(?<key>(?:[^"\\\r\n]|\\.)*)"(?=\s*[,)])""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{(\d+)(?:,[^}:]*)?(?::[^}]*)?\}")]
    private static partial Regex Placeholder();
}
