using System.Text;
using AuthFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AuthFunctions.Tests.Providers.Conformance;

/// <summary>
/// A provider on loopback that answers from a fixture: each request must be the next one the script expects (the
/// routing handler tells it the real URL). A request it does not expect gets a 400 and is recorded in
/// <see cref="StandInServer.Unexpected"/> with every difference, and the test fails on it.
/// </summary>
public sealed class ReplayServer : StandInServer
{
    private readonly Lock _lock = new();
    private readonly ReplayScript _script;
    private readonly IdTokenMinter? _minter;
    private readonly List<string> _served = [];

    private ReplayServer(ProviderFixture fixture, ReplayScript script, FlowValues values)
    {
        _script = script;
        Values = values;
        _minter = fixture.IdToken is { } spec ? new IdTokenMinter(spec, values) : null;
    }

    public FlowValues Values { get; }

    /// <summary>The clock id_tokens and client assertions are checked against: the app's, once it runs.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Names of the expected requests answered so far, in order.</summary>
    public IReadOnlyList<string> Served
    {
        get
        {
            lock (_lock)
            {
                return [.. _served];
            }
        }
    }

    /// <summary>Names of the expected requests the app has not made.</summary>
    public IReadOnlyList<string> Pending
    {
        get
        {
            lock (_lock)
            {
                return [.. _script.Exchanges.Skip(_served.Count).Select(x => x.Name)];
            }
        }
    }

    public static async Task<ReplayServer> StartNewAsync(ProviderFixture fixture, ReplayScript script, FlowValues values)
    {
        var server = new ReplayServer(fixture, script, values);
        await server.StartAsync();
        return server;
    }

    /// <summary>What happened, for failure messages.</summary>
    public string Report() =>
        $"replay '{_script.Name}': answered [{string.Join(", ", Served)}], still expected [{string.Join(", ", Pending)}]"
        + (Unexpected.IsEmpty ? "" : "\n  unexpected:\n    " + string.Join("\n    ", Unexpected));

    protected override void Map(WebApplication app) => app.Map("{**path}", (Delegate)HandleAsync);

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = await RecordedRequest.ReadAsync(context);
        if (request is null)
        {
            return Reject($"{context.Request.Method} {context.Request.Path}: no {ReplayRoutingHandler.OriginHeader} header (not sent through the routing handler)");
        }

        Exchange expected;
        int number;
        lock (_lock)
        {
            number = _served.Count + 1;
            if (_served.Count >= _script.Exchanges.Count)
            {
                return Reject($"request #{number} {request}: not expected (the {_script.Exchanges.Count} requests of '{_script.Name}' were all made)");
            }

            expected = _script.Exchanges[_served.Count];
            var problems = RequestMatcher.Mismatches(expected.Request, request, Values, Clock.GetUtcNow());
            if (problems.Count > 0)
            {
                return Reject($"request #{number} '{expected.Name}' ({expected.Request.Method} {expected.Request.Url}), got {request}:\n      "
                    + string.Join("\n      ", problems));
            }

            _served.Add(expected.Name);
        }

        return Answer(context, expected.Response);
    }

    private IResult Answer(HttpContext context, CannedResponse response)
    {
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = Template.Render(value, Values);
        }

        string body;
        string contentType;
        if (response.Jwks)
        {
            (body, contentType) = (_minter!.Jwks().ToJsonString(), "application/json");
        }
        else if (response.Json is { } json)
        {
            (body, contentType) = (Template.Render(json, Values, MintIdToken).ToJsonString(), "application/json");
        }
        else
        {
            (body, contentType) = (Template.Render(response.Text ?? "", Values, MintIdToken), "text/plain");
        }

        return Results.Text(body, response.ContentType ?? contentType, Encoding.UTF8, response.Status);
    }

    private string MintIdToken() => _minter!.Mint(Values, Clock.GetUtcNow(), _script.IdTokenClaims);
}
