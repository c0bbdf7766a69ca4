using System.Net;
using System.Net.Http.Json;
using AuthFunctions.Storage;
using AuthFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace AuthFunctions.Tests.Resilience;

/// <summary>
/// Nothing lost, nothing left: a bounded run of sign-ins, refreshes, logouts, abandoned logins and unredeemed codes
/// over Azurite, the clock advanced past every lifetime, then the sweep. On a private Azurite: a sweep with a clock
/// days ahead would delete the live rows of tests sharing the run's one.
/// </summary>
public sealed class SoakTests : IAsyncLifetime
{
    private const int SignIns = 250;
    private const int Abandoned = 20;
    private const int LiveSessions = 3;
    private AzuriteProcess _azurite = null!;
    private TestApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        var settings = RateLimitsOff.Settings();
        settings["AzureWebJobsStorage"] = _azurite.ConnectionString;
        _app = await TestApp.StartAsync(settings);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private ExpiredRowSweeper Sweeper => _app.Services.GetRequiredService<ExpiredRowSweeper>();

    private async Task<Dictionary<string, int>> RowsAsync(string when)
    {
        var rows = await StorageRows.CountAsync(_azurite.ConnectionString, Sweeper.Tables);
        TestContext.Current.TestOutputHelper?.WriteLine($"{when}: " + string.Join(", ", rows.Select(r => $"{r.Key}={r.Value}")));
        return rows;
    }

    private async Task<string> SignInAsync(int i) =>
        (await Flows.DevSignInAsync(_app, email: $"soak{i}@example.test")).GetProperty("refresh_token").GetString()!;

    [Fact]
    public async Task A_soak_of_sign_ins_refreshes_and_logouts_leaves_no_row_after_the_sweep_and_keeps_every_live_session()
    {
        // The first sign-in alone sets the browser's binding cookie; tabs racing for a first cookie would each set one.
        var operations = 0;
        await SignInAsync(0);
        await Parallel.ForAsync(1, SignIns, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var token = await ResilienceFlows.RotateAsync(_app, await ResilienceFlows.RotateAsync(_app, await SignInAsync(i)));
            if (i % 3 == 0)
            {
                using var logout = await _app.Browser.PostAsJsonAsync("/api/auth/logout", new Dictionary<string, string> { ["refresh_token"] = token }, CancellationToken.None);
                logout.StatusCode.ShouldBe(HttpStatusCode.NoContent);
            }

            Interlocked.Add(ref operations, i % 3 == 0 ? 8 : 7);
        });
        for (var i = 0; i < Abandoned; i++)
        {
            using (var login = await Flows.LoginAsync(_app, "dev"))
            {
                login.StatusCode.ShouldBe(HttpStatusCode.Redirect); // a login never finished: its state row stays
            }

            using var unredeemed = await Flows.DevLoginAsync(_app); // a handoff code never redeemed
            unredeemed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            operations += 5;
        }

        // Live sessions begin late enough to outlast the run's 90-day families, and are refreshed after the advance.
        _app.Time.Advance(TimeSpan.FromDays(80));
        var live = new List<string>();
        for (var i = 0; i < LiveSessions; i++)
        {
            live.Add(await SignInAsync(1000 + i));
        }

        _app.Time.Advance(TimeSpan.FromDays(11)); // 91 days: past every lifetime of the run; 11 < 14 days sliding for the live
        live = [.. await Task.WhenAll(live.Select(t => ResilienceFlows.RotateAsync(_app, t)))];
        var before = await RowsAsync("before the sweep");

        var deleted = await Sweeper.SweepAsync(CancellationToken.None);

        var after = await RowsAsync("after the sweep");
        TestContext.Current.TestOutputHelper?.WriteLine($"{operations} operations, {deleted} rows swept");
        deleted.ShouldBe(before.Values.Sum() - after.Values.Sum());
        after.Where(r => r.Key is not RefreshRows.Table).ShouldAllBe(r => r.Value == 0); // the retired refresh tables too
        // Each live session: its family, its spent first token and the live successor, all in its user's partition.
        (await RefreshRows.CountAsync(_azurite.ConnectionString)).ShouldBe(new RefreshRows(Families: LiveSessions, Tokens: 2 * LiveSessions, Other: 0));
        live = [.. await Task.WhenAll(live.Select(t => ResilienceFlows.RotateAsync(_app, t)))];

        _app.Time.Advance(TimeSpan.FromDays(100));
        var last = await Sweeper.SweepAsync(CancellationToken.None);

        var end = await RowsAsync("after the last sweep");
        TestContext.Current.TestOutputHelper?.WriteLine($"{last} rows swept last");
        end.Values.ShouldAllBe(n => n == 0);
    }
}
