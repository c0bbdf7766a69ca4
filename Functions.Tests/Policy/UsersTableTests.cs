using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Policy;

/// <summary>
/// Issue 11 item 3: every sign-in upserts the users table (Azurite); admins list, show and delete users, and a
/// deleted user's refresh token is refused. Each test uses fresh GitHub user ids: the table is shared by the run.
/// </summary>
public sealed class UsersTableTests(AzuriteFixture azurite) : GitHubPolicyApps(azurite)
{
    private readonly int _adminId = Random.Shared.Next(1_000_000, int.MaxValue);

    private Task<TestApp> StartWithAdminAsync() => StartAsync(("OAuth:Roles:admin:0", $"github:{_adminId}"));

    [Fact]
    public async Task Each_sign_in_updates_the_row_first_seen_stays_and_sign_ins_count()
    {
        var app = await StartWithAdminAsync();
        var id = Random.Shared.Next(1_000_000, int.MaxValue);
        var firstAt = app.Time.GetUtcNow();
        await SignInAsync(app, id);

        app.Time.Advance(TimeSpan.FromHours(3));
        await SignInAsync(app, id);
        var admin = await SignInAsync(app, _adminId);
        using var shown = await SendAsync(app, HttpMethod.Get, $"/api/auth/users/github:{id}", admin.Token);

        shown.StatusCode.ShouldBe(HttpStatusCode.OK);
        var user = JsonDocument.Parse(await shown.Content.ReadAsStringAsync()).RootElement;
        user.GetProperty("id").GetString().ShouldBe($"github:{id}");
        user.GetProperty("provider").GetString().ShouldBe("github");
        user.GetProperty("subject").GetString().ShouldBe(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        user.GetProperty("name").GetString().ShouldBe("The Octocat");
        user.GetProperty("email").GetString().ShouldBe("octo@example.test");
        user.GetProperty("emailVerified").GetBoolean().ShouldBeTrue();
        user.GetProperty("avatarUrl").GetString().ShouldNotBeNull();
        user.GetProperty("signIns").GetInt64().ShouldBe(2);
        user.GetProperty("firstSeen").GetDateTimeOffset().ShouldBe(firstAt, TimeSpan.FromSeconds(1));
        user.GetProperty("lastSeen").GetDateTimeOffset().ShouldBe(firstAt + TimeSpan.FromHours(3), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task The_list_is_paged_and_holds_every_user_who_signed_in()
    {
        var app = await StartWithAdminAsync();
        var admin = await SignInAsync(app, _adminId);
        int[] ids = [Random.Shared.Next(1_000_000, int.MaxValue), Random.Shared.Next(1_000_000, int.MaxValue)];
        foreach (var id in ids)
        {
            await SignInAsync(app, id);
        }

        var first = await ListAsync(app, admin.Token, "?pageSize=1");
        first.GetProperty("users").GetArrayLength().ShouldBe(1);
        var next = first.GetProperty("next").GetString().ShouldNotBeNull();
        var second = await ListAsync(app, admin.Token, "?pageSize=1&next=" + Uri.EscapeDataString(next));
        second.GetProperty("users")[0].GetProperty("id").GetString().ShouldNotBe(first.GetProperty("users")[0].GetProperty("id").GetString());

        var all = new List<string>();
        string? cursor = null;
        do
        {
            var page = await ListAsync(app, admin.Token, "?pageSize=100" + (cursor is null ? "" : "&next=" + Uri.EscapeDataString(cursor)));
            all.AddRange(page.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("id").GetString()!));
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);

        all.ShouldContain($"github:{_adminId}");
        all.ShouldContain($"github:{ids[0]}");
        all.ShouldContain($"github:{ids[1]}");
    }

    [Fact]
    public async Task Deleting_a_user_revokes_every_session_and_removes_the_row()
    {
        var app = await StartWithAdminAsync();
        var admin = await SignInAsync(app, _adminId);
        var id = Random.Shared.Next(1_000_000, int.MaxValue);
        var laptop = await SignInAsync(app, id);
        var phone = await SignInAsync(app, id);

        using (var deleted = await SendAsync(app, HttpMethod.Delete, $"/api/auth/users/github:{id}", admin.Token))
        {
            deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        foreach (var session in new[] { laptop, phone })
        {
            using var refresh = await app.Browser.PostAsJsonAsync("/api/auth/refresh", new Dictionary<string, string> { ["refresh_token"] = session.Refresh });
            refresh.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        using (var gone = await SendAsync(app, HttpMethod.Get, $"/api/auth/users/github:{id}", admin.Token))
        {
            gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        using var again = await SendAsync(app, HttpMethod.Delete, $"/api/auth/users/github:{id}", admin.Token);
        again.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The admin's own session is untouched.
        using var adminRefresh = await app.Browser.PostAsJsonAsync("/api/auth/refresh", new Dictionary<string, string> { ["refresh_token"] = admin.Refresh });
        adminRefresh.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Only_an_admin_may_use_the_users_functions()
    {
        var app = await StartWithAdminAsync();
        var someone = await SignInAsync(app, Random.Shared.Next(1_000_000, int.MaxValue));

        using var list = await SendAsync(app, HttpMethod.Get, "/api/auth/users", someone.Token);
        using var delete = await SendAsync(app, HttpMethod.Delete, $"/api/auth/users/github:{_adminId}", someone.Token);
        using var anonymous = await SendAsync(app, HttpMethod.Get, "/api/auth/users", null);

        list.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        delete.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task<(string Token, string Refresh)> SignInAsync(TestApp app, int userId)
    {
        GitHub.UserId = userId;
        var back = await Flows.SignInAsync(app, "github", Flows.ApproveAtStandInAsync);
        var session = await Flows.RedeemAsync(app, Flows.Fragment(back, "code")!);
        GitHub.Unexpected.ShouldBeEmpty();
        return (session.GetProperty("access_token").GetString()!, session.GetProperty("refresh_token").GetString()!);
    }

    private static async Task<JsonElement> ListAsync(TestApp app, string token, string query)
    {
        using var response = await SendAsync(app, HttpMethod.Get, "/api/auth/users" + query, token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static Task<HttpResponseMessage> SendAsync(TestApp app, HttpMethod method, string path, string? token)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return app.Browser.SendAsync(request);
    }
}
