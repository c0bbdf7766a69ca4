using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Sessions;

/// <summary>Refresh rotation, reuse detection, the multi-tab grace window, lifetimes and logout, on Azurite.</summary>
public sealed class RefreshTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestApp _app = null!;

    public async ValueTask InitializeAsync() =>
        _app = await TestApp.StartAsync(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<JsonElement> SignInAsync() => await Flows.DevSignInAsync(_app);

    private Task<HttpResponseMessage> RefreshAsync(string token) =>
        _app.Browser.PostAsJsonAsync("/api/auth/refresh", new Dictionary<string, string> { ["refresh_token"] = token });

    private async Task<string> RotateAsync(string token)
    {
        using var response = await RefreshAsync(token);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("refresh_token").GetString()!;
    }

    private async Task ShouldBeRefusedAsync(string token)
    {
        using var response = await RefreshAsync(token);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Flows.ProblemAsync(response)).GetProperty("code").GetString().ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task The_session_carries_a_refresh_token_of_its_users_partition_and_256_random_bits_and_each_refresh_rotates_it()
    {
        var first = (await SignInAsync()).GetProperty("refresh_token").GetString()!;

        using var response = await RefreshAsync(first);
        var session = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        first.ShouldMatch("^[A-Za-z0-9_-]{43}\\.[A-Za-z0-9_-]{43}$");
        first[..43].ShouldBe(RefreshRows.PartitionOf("dev:ada@example.test"));
        var second = session.GetProperty("refresh_token").GetString()!;
        second.ShouldNotBe(first);
        second[..44].ShouldBe(first[..44]);
        session.GetProperty("access_token").GetString().ShouldNotBeNullOrEmpty();
        session.GetProperty("user").GetProperty("id").GetString().ShouldBe("dev:ada@example.test");
        (await RotateAsync(second)).ShouldNotBe(second);
    }

    [Fact]
    public async Task Reusing_a_spent_token_after_the_grace_window_revokes_the_whole_family()
    {
        var first = (await SignInAsync()).GetProperty("refresh_token").GetString()!;
        var second = await RotateAsync(first);
        _app.Time.Advance(TimeSpan.FromSeconds(31));

        await ShouldBeRefusedAsync(first);

        await ShouldBeRefusedAsync(second);
    }

    [Fact]
    public async Task Ten_concurrent_refreshes_of_one_token_inside_the_grace_window_all_get_the_same_successor()
    {
        var token = (await SignInAsync()).GetProperty("refresh_token").GetString()!;

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => RefreshAsync(token)));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        var successors = new HashSet<string>();
        foreach (var r in responses)
        {
            successors.Add(JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("refresh_token").GetString()!);
            r.Dispose();
        }

        successors.Count.ShouldBe(1);
        (await RotateAsync(successors.Single())).ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_late_tab_refreshing_the_spent_token_within_the_grace_window_gets_the_same_successor()
    {
        var token = (await SignInAsync()).GetProperty("refresh_token").GetString()!;
        var successor = await RotateAsync(token);
        _app.Time.Advance(TimeSpan.FromSeconds(29));

        (await RotateAsync(token)).ShouldBe(successor);
    }

    [Fact]
    public async Task A_refresh_of_the_spent_token_after_the_grace_window_fails_and_signs_every_tab_out()
    {
        var token = (await SignInAsync()).GetProperty("refresh_token").GetString()!;
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => RefreshAsync(token)));
        var successor = await RotateAsync(token);
        _app.Time.Advance(TimeSpan.FromSeconds(31));

        await ShouldBeRefusedAsync(token);

        await ShouldBeRefusedAsync(successor);
    }

    [Fact]
    public async Task A_token_unused_for_the_sliding_lifetime_expires()
    {
        var token = (await SignInAsync()).GetProperty("refresh_token").GetString()!;
        _app.Time.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));

        await ShouldBeRefusedAsync(token);
    }

    [Fact]
    public async Task A_session_refreshed_often_still_ends_at_the_absolute_lifetime()
    {
        var token = (await SignInAsync()).GetProperty("refresh_token").GetString()!;
        for (var day = 10; day <= 80; day += 10)
        {
            _app.Time.Advance(TimeSpan.FromDays(10));
            token = await RotateAsync(token);
        }

        _app.Time.Advance(TimeSpan.FromDays(9));
        token = await RotateAsync(token); // day 89: still inside the 90 days
        _app.Time.Advance(TimeSpan.FromDays(2)); // day 91: the sliding lifetime alone would allow this

        await ShouldBeRefusedAsync(token);
    }

    [Fact]
    public async Task After_logout_the_refresh_token_is_refused()
    {
        var token = (await SignInAsync()).GetProperty("refresh_token").GetString()!;
        var successor = await RotateAsync(token);

        using var logout = await _app.Browser.PostAsJsonAsync("/api/auth/logout", new Dictionary<string, string> { ["refresh_token"] = successor });

        logout.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await ShouldBeRefusedAsync(successor);
    }

    [Fact]
    public async Task An_unknown_or_malformed_refresh_token_is_refused()
    {
        await ShouldBeRefusedAsync(RefreshRows.PartitionOf("dev:ada@example.test") + "." + AuthFunctions.Core.Crypto.RandomToken());
        await ShouldBeRefusedAsync(AuthFunctions.Core.Crypto.RandomToken()); // the layout before: its holder signs in again
        await ShouldBeRefusedAsync("short");
        await ShouldBeRefusedAsync(new string('.', 87));
    }

    [Fact]
    public async Task A_token_with_its_partition_changed_is_refused_and_logs_out_no_one()
    {
        var ada = (await SignInAsync()).GetProperty("refresh_token").GetString()!;
        var bob = (await Flows.DevSignInAsync(_app, name: "Bob", email: "bob@example.test")).GetProperty("refresh_token").GetString()!;
        string[] forged = [bob[..44] + ada[44..], AuthFunctions.Core.Crypto.RandomToken() + ada[43..]];

        foreach (var token in forged)
        {
            await ShouldBeRefusedAsync(token);
            using var logout = await _app.Browser.PostAsJsonAsync("/api/auth/logout", new Dictionary<string, string> { ["refresh_token"] = token });
            logout.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        (await RotateAsync(ada)).ShouldNotBe(ada);
        (await RotateAsync(bob)).ShouldNotBe(bob);
    }
}
