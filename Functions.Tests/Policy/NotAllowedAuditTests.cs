using AuthFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Shouldly;

namespace AuthFunctions.Tests.Policy;

/// <summary>A refused sign-in writes the sign-in audit event with outcome <c>not_allowed</c>, and no email or user id.</summary>
public sealed class NotAllowedAuditTests
{
    [Fact]
    public async Task A_refused_sign_in_writes_a_not_allowed_audit_event_without_the_user()
    {
        var logs = new LogSink();
        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?> { ["OAuth:Allow:0"] = "github" },
            configure: b => b.Logging.AddProvider(logs).AddFilter<LogSink>("AuthFunctions", LogLevel.Information));

        using var back = await Flows.DevLoginAsync(app);

        back.Headers.Location!.ToString().ShouldBe(TestApp.SpaUrl + "#error=not_allowed");
        var audit = logs.Entries.Where(e => e.EventId == 100).ShouldHaveSingleItem();
        audit.Message.ShouldContain("dev not_allowed user ");
        audit.Message.ShouldNotContain("user -");
        logs.Entries.ShouldNotContain(e => e.Message.Contains("ada@example.test", StringComparison.Ordinal));
    }
}
