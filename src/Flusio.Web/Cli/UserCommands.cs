using System.CommandLine;
using Flusio.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Cli;

/// <summary>`users create|list|promote|delete`: account administration from the shell.</summary>
public static class UserCommands
{
    public static Command Build(CommandContext context)
    {
        var users = new Command("users", "Create, list, promote and delete accounts.");
        users.Subcommands.Add(Create(context));
        users.Subcommands.Add(List(context));
        users.Subcommands.Add(Promote(context));
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

    private static Command Promote(CommandContext context)
    {
        var username = new Argument<string>("username") { Description = "The account to make an administrator." };
        var command = new Command("promote", "Make an account an administrator.") { username };
        command.SetAction((parse, cancellationToken) => context.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<User>>();
            var user = await FindAsync(users, parse.GetRequiredValue(username));
            user.IsAdmin = true;
            await users.UpdateAsync(user);
            context.Out.WriteLine($"{user.UserName} is now an administrator.");
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
            await services.GetRequiredService<AccountDeletion>().DeleteAsync(user, cancellationToken);
            context.Out.WriteLine($"Deleted user {user.UserName}.");
            return 0;
        }, cancellationToken));
        return command;
    }

    /// <summary>The account a verb's --user names, or the one error line saying there is none.</summary>
    internal static Task<User> FindAsync(IServiceProvider services, string username) =>
        FindAsync(services.GetRequiredService<UserManager<User>>(), username);

    private static async Task<User> FindAsync(UserManager<User> users, string username) =>
        await users.FindByNameAsync(username) ?? throw new CommandException($"No user named '{username}'.");
}
