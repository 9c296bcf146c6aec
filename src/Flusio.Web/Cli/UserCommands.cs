using System.CommandLine;
using Flusio.Web.Accounts;
using Flusio.Web.Admin;
using Flusio.Web.Configuration;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Cli;

/// <summary>`users create|list|promote|demote|disable|enable|invite|delete`: account administration from the shell.</summary>
public static class UserCommands
{
    public static Command Build(CommandContext context)
    {
        var users = new Command("users", "Create, list, promote, demote, disable, enable, invite and delete accounts.");
        users.Subcommands.Add(Create(context));
        users.Subcommands.Add(List(context));
        users.Subcommands.Add(Administer(context, "promote", "Make an account an administrator.", (a, id, c) => a.SetAdminAsync(id, admin: true, c), "is now an administrator"));
        users.Subcommands.Add(Administer(context, "demote", "Take an account's administrator rights away.", (a, id, c) => a.SetAdminAsync(id, admin: false, c), "is no longer an administrator"));
        users.Subcommands.Add(Administer(context, "disable", "Disable an account: it keeps its data, cannot log in, and its sessions end now.", (a, id, c) => a.DisableAsync(id, c), "is disabled"));
        users.Subcommands.Add(Administer(context, "enable", "Enable a disabled account again.", (a, id, c) => a.EnableAsync(id, c), "is enabled"));
        users.Subcommands.Add(Invite(context));
        users.Subcommands.Add(Delete(context));
        return users;
    }

    private static Command Create(CommandContext context)
    {
        var username = new Option<string>("--username") { Description = "The username (letters, digits, - . _).", Required = true };
        var email = new Option<string>("--email") { Description = "The e-mail address.", Required = true };
        var password = new Option<string>("--password") { Description = "The password (at least 8 characters).", Required = true };
        var admin = new Option<bool>("--admin") { Description = "Make the account an administrator." };
        var command = new Command("create", "Create an account (its e-mail counts as validated).") { username, email, password, admin };
        command.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var registrar = services.GetRequiredService<AccountRegistrar>();
            var result = await registrar.CreateAsync(
                new AccountRegistrar.NewAccount(parse.GetRequiredValue(username), parse.GetRequiredValue(email), parse.GetRequiredValue(password), "en")
                {
                    EmailConfirmed = true,
                    IsAdmin = parse.GetValue(admin),
                },
                cancellationToken);
            if (!result.Succeeded)
            {
                throw new CommandException(string.Join(" ", result.Errors.Select(e => e.Description)));
            }

            context.Out.WriteLine($"Created user {result.User!.UserName}{(result.User.IsAdmin ? " (admin)" : "")}.");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command List(CommandContext context)
    {
        var command = new Command("list", "List accounts: username, e-mail, validated, admin, creation date.");
        command.SetAction((_, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var users = await services.GetRequiredService<UserManager<User>>().Users
                .AsNoTracking()
                .OrderBy(u => u.UserName)
                .Select(u => new { u.UserName, u.Email, u.EmailConfirmed, u.IsAdmin, u.CreatedAt })
                .ToListAsync(cancellationToken);
            context.Out.WriteLine($"{"USERNAME",-24} {"EMAIL",-32} {"VALIDATED",-9} {"ADMIN",-5} CREATED");
            foreach (var u in users)
            {
                context.Out.WriteLine($"{u.UserName,-24} {u.Email,-32} {(u.EmailConfirmed ? "yes" : "no"),-9} {(u.IsAdmin ? "yes" : "no"),-5} {u.CreatedAt.UtcDateTime:yyyy-MM-dd}");
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Delete(CommandContext context)
    {
        var username = new Argument<string>("username") { Description = "The account to delete, with all its data." };
        var command = new Command("delete", "Delete an account and all its data.") { username };
        command.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var user = await FindAsync(services.GetRequiredService<UserManager<User>>(), parse.GetRequiredValue(username));
            Check(await services.GetRequiredService<AccountAdministration>().DeleteAsync(user.Id, cancellationToken));
            context.Out.WriteLine($"Deleted user {user.UserName}.");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Administer(CommandContext context, string name, string description, Func<AccountAdministration, Guid, CancellationToken, Task<AccountAdministration.Outcome>> act, string done)
    {
        var username = new Argument<string>("username") { Description = "The account." };
        var command = new Command(name, description) { username };
        command.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var user = await FindAsync(services.GetRequiredService<UserManager<User>>(), parse.GetRequiredValue(username));
            Check(await act(services.GetRequiredService<AccountAdministration>(), user.Id, cancellationToken));
            context.Out.WriteLine($"{user.UserName} {done}.");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Invite(CommandContext context)
    {
        var by = new Option<string?>("--by") { Description = "The administrator the invitation is from (default: the first one)." };
        var command = new Command("invite", "Create an invitation link (valid seven days) and print it on its last line.") { by };
        command.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<User>>();
            var admin = parse.GetValue(by) is { } name
                ? await FindAsync(users, name)
                : await users.Users.Where(u => u.IsAdmin).OrderBy(u => u.CreatedAt).FirstOrDefaultAsync(cancellationToken)
                    ?? throw new CommandException("No administrator yet: create one with `users create --admin` first.");
            if (!admin.IsAdmin)
            {
                throw new CommandException($"'{admin.UserName}' is not an administrator.");
            }

            var invitation = await services.GetRequiredService<InvitationStore>().CreateAsync(admin.Id, cancellationToken);
            var baseUrl = services.GetRequiredService<FlusioSettings>().BaseUrl;
            context.Out.WriteLine($"Invitation from {admin.UserName}, valid until {invitation.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC:");
            context.Out.WriteLine(new Uri(baseUrl, "/register?invitation=" + invitation.Token).ToString());
            return 0;
        }, cancellationToken));
        return command;
    }

    private static void Check(AccountAdministration.Outcome outcome)
    {
        if (outcome == AccountAdministration.Outcome.NotFound)
        {
            throw new CommandException("No such account.");
        }
    }

    /// <summary>The account a verb's --user names, or the one error line saying there is none.</summary>
    internal static Task<User> FindAsync(IServiceProvider services, string username) =>
        FindAsync(services.GetRequiredService<UserManager<User>>(), username);

    private static async Task<User> FindAsync(UserManager<User> users, string username) =>
        await users.FindByNameAsync(username) ?? throw new CommandException($"No user named '{username}'.");
}
