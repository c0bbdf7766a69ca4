using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Security;

/// <summary>One audit event per sign-in outcome, session, refresh reuse, logout and rate-limit hit; none carries a secret.</summary>
public sealed class AuditEventTests
{
    [Fact]
    public async Task Sign_in_session_reuse_logout_and_rate_limit_each_write_their_audit_event_without_secrets()
    {
        var logs = new LogSink();
        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?> { ["OAuth:RateLimits:SessionPerMinute"] = "2" },
            configure: b => b.Logging.AddProvider(logs).AddFilter<LogSink>("AuthFunctions", LogLevel.Information));

        using var back = await Flows.DevLoginAsync(app);
        var code = Flows.Fragment(back.Headers.Location!.ToString(), "code")!;
        var session = await Flows.RedeemAsync(app, code);
        var token = session.GetProperty("refresh_token").GetString()!;
        using (await app.Browser.PostAsJsonAsync("/api/auth/refresh", new Dictionary<string, string> { ["refresh_token"] = token }))
        {
        }

        app.Time.Advance(TimeSpan.FromMinutes(1)); // past the grace window: the spent token comes back
        using (await app.Browser.PostAsJsonAsync("/api/auth/refresh", new Dictionary<string, string> { ["refresh_token"] = token }))
        {
        }

        using (await app.Browser.PostAsJsonAsync("/api/auth/logout", new Dictionary<string, string> { ["refresh_token"] = token }))
        {
        }

        for (var i = 0; i < 3; i++)
        {
            using var _ = await Flows.SessionAsync(app, code, Flows.Verifier);
        }

        var audit = logs.Entries.Where(e => e.EventId is >= 100 and <= 104).ToList();
        audit.ShouldContain(e => e.EventId == 100 && e.Message.Contains("dev signed_in", StringComparison.Ordinal));
        audit.ShouldContain(e => e.EventId == 101 && e.Message.Contains("redeemed", StringComparison.Ordinal));
        audit.ShouldContain(e => e.EventId == 102);
        audit.ShouldContain(e => e.EventId == 103 && e.Message.Contains("revoked", StringComparison.Ordinal));
        audit.ShouldContain(e => e.EventId == 104 && e.Message.Contains("session", StringComparison.Ordinal));
        audit.ShouldAllBe(e => e.Message.Contains("127.0.0.1", StringComparison.Ordinal));
        foreach (var secret in new[] { code, token, session.GetProperty("access_token").GetString()!, "ada@example.test", "dev:ada" })
        {
            logs.Entries.ShouldNotContain(e => e.Message.Contains(secret, StringComparison.Ordinal), secret[..Math.Min(8, secret.Length)]);
        }
    }
}
