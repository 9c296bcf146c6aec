using System.CommandLine;
using System.Globalization;
using Flusio.Web.Accounts;

namespace Flusio.Web.Cli;

/// <summary>`tokens create|list|revoke`: personal access tokens of the API, for scripts and for admins setting up an app.</summary>
public static class TokenCommands
{
    public static Command Build(CommandContext context)
    {
        var tokens = new Command("tokens", "Create, list and revoke personal access tokens of the API.");
        tokens.Subcommands.Add(Create(context));
        tokens.Subcommands.Add(List(context));
        tokens.Subcommands.Add(Revoke(context));
        return tokens;
    }

    private static Command Create(CommandContext context)
    {
        var user = new Option<string>("--user") { Description = "The account the token acts for.", Required = true };
        var scope = new Option<string>("--scope") { Description = "read (GET only) or write (everything).", Required = true };
        var name = new Option<string?>("--name") { Description = $"What the token is for (at most {ApiToken.MaxNameLength} characters; default \"{ApiTokens.DefaultName}\")." };
        var expires = new Option<int?>("--expires") { Description = $"Days until it expires (1 to {ApiTokens.MaxExpiryDays}; default: never)." };
        var command = new Command("create", "Create a token and print it on the last line: it is shown this once, only its hash is kept.") { user, scope, name, expires };
        command.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var chosen = ParseScope(parse.GetRequiredValue(scope));
            var account = await UserCommands.FindAsync(services, parse.GetRequiredValue(user));
            var (token, secret, error) = await services.GetRequiredService<ApiTokens>().CreateAsync(account.Id, parse.GetValue(name), chosen, parse.GetValue(expires), cancellationToken);
            if (error is not null)
            {
                throw new CommandException(error switch
                {
                    ApiTokenError.NameTooLong => $"A token's name has at most {ApiToken.MaxNameLength} characters.",
                    _ => $"--expires takes a number of days from 1 to {ApiTokens.MaxExpiryDays}.",
                });
            }

            context.Out.WriteLine($"Created {token!.Scope.ToString().ToLowerInvariant()} token {token.Id} \"{token.Name}\" for {account.UserName}, {Expiry(token.ExpiresAt)}.");
            context.Out.WriteLine(secret);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command List(CommandContext context)
    {
        var user = new Option<string?>("--user") { Description = "Only this account's tokens." };
        var command = new Command("list", "List tokens: id, user, scope, created, expires, last used, name (never the token).") { user };
        command.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            Guid? userId = parse.GetValue(user) is { } username ? (await UserCommands.FindAsync(services, username)).Id : null;
            var tokens = await services.GetRequiredService<ApiTokens>().ListAsync(userId, cancellationToken);
            context.Out.WriteLine($"{"ID",-36} {"USER",-20} {"SCOPE",-5} {"CREATED",-16} {"EXPIRES",-16} {"LAST USED",-16} NAME");
            foreach (var t in tokens)
            {
                context.Out.WriteLine($"{t.Id,-36} {t.UserName,-20} {t.Scope.ToString().ToLowerInvariant(),-5} {Time(t.CreatedAt),-16} {Time(t.ExpiresAt),-16} {Time(t.LastUsedAt),-16} {t.Name}");
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Revoke(CommandContext context)
    {
        var id = new Argument<string>("id") { Description = "The token's id (from `tokens list`)." };
        var command = new Command("revoke", "Revoke a token: the next call with it is refused.") { id };
        command.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var text = parse.GetRequiredValue(id);
            if (!Guid.TryParse(text, out var tokenId) || !await services.GetRequiredService<ApiTokens>().RevokeAsync(null, tokenId, cancellationToken))
            {
                throw new CommandException($"No token {text}.");
            }

            context.Out.WriteLine($"Revoked token {tokenId}.");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static ApiTokenScope ParseScope(string text) => text.ToLowerInvariant() switch
    {
        "read" => ApiTokenScope.Read,
        "write" => ApiTokenScope.Write,
        _ => throw new CommandException($"--scope is read or write, not '{text}'."),
    };

    private static string Expiry(DateTimeOffset? expires) => expires is { } at ? $"expires {Time(at)} UTC" : "never expires";

    private static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-";
}
