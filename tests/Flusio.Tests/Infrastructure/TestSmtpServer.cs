using System.Buffers;
using System.Collections.Concurrent;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Flusio.Tests.Infrastructure;

/// <summary>A real SMTP server in the test process: the app sends through MailKit, tests read what arrived.</summary>
public sealed partial class TestSmtpServer : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<MimeMessage> messages = new();
    private readonly SemaphoreSlim arrived = new(0);

    public TestSmtpServer()
    {
        Port = Ports.Free();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, Port)).IsSecure(false))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        var server = new SmtpServer.SmtpServer(options, services);
        _ = server.StartAsync(stop.Token);
    }

    public int Port { get; }

    /// <summary>Waits for the next message to <paramref name="to"/> (earlier ones included).</summary>
    public async Task<MimeMessage> WaitForMailAsync(string to, Func<MimeMessage, bool>? match = null, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var found = messages.LastOrDefault(m =>
                m.To.Mailboxes.Any(b => string.Equals(b.Address, to, StringComparison.OrdinalIgnoreCase)) && (match?.Invoke(m) ?? true));
            if (found is not null)
            {
                return found;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No mail to {to} within {timeoutSeconds} s ({messages.Count} received in all)");
            }

            await arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    public IReadOnlyList<MimeMessage> MailsTo(string to) =>
        messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, to, StringComparison.OrdinalIgnoreCase))).ToList();

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[?&](?:token|invitation)=([^&\s""<>]+)")]
    private static partial System.Text.RegularExpressions.Regex MailedToken();

    private sealed class Store(TestSmtpServer owner) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = MimeMessage.Load(stream, cancellationToken);
            // The tokens of mailed links (validation, password reset) are secrets the logs must not show.
            foreach (System.Text.RegularExpressions.Match token in MailedToken().Matches(message.TextBody ?? ""))
            {
                TestSecrets.Remember(Uri.UnescapeDataString(token.Groups[1].Value), "mailed token");
            }

            owner.messages.Enqueue(message);
            owner.arrived.Release();
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
