using System.Net;
using System.Text.RegularExpressions;

namespace Flusio.Tests.Infrastructure;

/// <summary>
/// A cookie-keeping HTTP client that submits forms like a browser: it reads the
/// antiforgery token from the page that holds the form.
/// </summary>
public sealed partial class TestBrowser(HttpClient client) : IDisposable
{
    public HttpClient Client { get; } = client;

    public async Task<Page> GetAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return await Page.ReadAsync(response);
    }

    /// <summary>GETs <paramref name="formPage"/>, then POSTs <paramref name="fields"/> with its antiforgery token to <paramref name="action"/>.</summary>
    public async Task<Page> SubmitAsync(string formPage, string action, IDictionary<string, string> fields)
    {
        var page = await GetAsync(formPage);
        var token = page.AntiforgeryToken ?? throw new InvalidOperationException($"No antiforgery token on {formPage} ({page.Status})");
        return await PostAsync(action, fields, token);
    }

    public async Task<Page> PostAsync(string action, IDictionary<string, string> fields, string? antiforgeryToken)
    {
        var all = new Dictionary<string, string>(fields);
        if (antiforgeryToken is not null)
        {
            all["__RequestVerificationToken"] = antiforgeryToken;
        }

        using var response = await Client.PostAsync(action, new FormUrlEncodedContent(all));
        return await Page.ReadAsync(response);
    }

    public void Dispose() => Client.Dispose();

    public sealed partial record Page(HttpStatusCode Status, string Html, Uri? Location, HttpResponseMessage Response)
    {
        public string? AntiforgeryToken => TokenPattern().Match(Html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

        /// <summary>
        /// A redirect to exactly <paramref name="path"/> (any query unless the argument has one):
        /// "/login" is not "/login/two-factor".
        /// </summary>
        public bool IsRedirectTo(string path)
        {
            if (Status is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther) || Location is null)
            {
                return false;
            }

            var target = Location.IsAbsoluteUri ? Location.PathAndQuery : Location.OriginalString;
            return path.Contains('?', StringComparison.Ordinal)
                ? target.StartsWith(path, StringComparison.Ordinal)
                : target.Split('?', 2)[0] == path;
        }

        public string Text => WebUtility.HtmlDecode(TagPattern().Replace(Html, " "));

        public static async Task<Page> ReadAsync(HttpResponseMessage response)
        {
            RememberCookies(response);
            return new(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location, response);
        }

        /// <summary>Every cookie the app sets (sign-in, two-factor, antiforgery, TempData) is a secret the logs must not show; the language one is not.</summary>
        public static void RememberCookies(HttpResponseMessage response)
        {
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';', 2)[0];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0 && !pair.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal))
                {
                    TestSecrets.Remember(pair[(eq + 1)..], "cookie " + pair[..eq]);
                }
            }
        }

        [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
        private static partial Regex TokenPattern();

        [GeneratedRegex("<[^>]+>")]
        private static partial Regex TagPattern();
    }
}
