using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Web.Supplies;
using EpiCommand.Web.Support;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Vehicles of the transport group (000 §三(五)2; 001 §5.3.7) and the allocation they couple (issue 16 §4): registered per depot within
/// the jurisdiction, refused by field, once per plate; with vehicles the proposal is the MIP's, with its status, gap and trips, and the
/// approved trips become the dispatch's transport. On SQLite and PostgreSQL.
/// </summary>
public abstract class SupportVehicleTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string City = "150500";
    private const string Horqin = "150502";
    private const string Naiman = "150525";

    private static async Task<DepotDto> DepotAsync(HttpClient client, string region, string keepingUnit)
    {
        var response = await client.PostAsJsonAsync("/api/supplies/depots", new { name = $"运力测试库{Guid.NewGuid():N}"[..14], region, keepingUnit });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<DepotDto>())!;
    }

    private static async Task<VehicleDto> VehicleAsync(HttpClient client, int depot, string plate, int capacity, int trips)
    {
        var response = await client.PostAsJsonAsync("/api/support/vehicles", new { depotId = depot, plate, capacity, trips, driver = "王师傅", driverPhone = "13900000000" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<VehicleDto>())!;
    }

    [Fact]
    public async Task AVehicleIsRegisteredForADepotOfTheJurisdictionOncePerPlateAndRefusedByField()
    {
        var city = await factory.SignedInAsync("city");
        var naiman = await factory.SignedInAsync("naiman");
        var cityDepot = await DepotAsync(city, City, "市卫生健康委员会");
        var naimanDepot = await DepotAsync(city, Naiman, "奈曼旗卫生健康委员会");

        var bad = await city.PostAsJsonAsync("/api/support/vehicles", new { depotId = cityDepot.Id, plate = " ", capacity = 0, trips = 30, driverPhone = "abc" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "plate", "capacity", "trips", "driverPhone" }) Assert.True(errors.TryGetProperty(field, out _), field);
        Assert.Equal(HttpStatusCode.BadRequest, (await city.PostAsJsonAsync("/api/support/vehicles", new { depotId = cityDepot.Id, plate = "蒙G1", capacity = -5, trips = 1 })).StatusCode);

        // A county registers its own depots' vehicles, not the city's; the city any depot of its jurisdiction.
        Assert.Equal(HttpStatusCode.Forbidden, (await naiman.PostAsJsonAsync("/api/support/vehicles", new { depotId = cityDepot.Id, plate = "蒙G·00001", capacity = 100, trips = 1 })).StatusCode);
        var own = await VehicleAsync(naiman, naimanDepot.Id, "蒙G·00001", 800, 2);
        Assert.Equal((naimanDepot.Id, Naiman, 800, 2, "王师傅"), (own.DepotId, own.RegionCode, own.Capacity, own.Trips, own.Driver));
        var cityVehicle = await VehicleAsync(city, cityDepot.Id, "蒙G·00001", 1200, 3);
        var again = await city.PostAsJsonAsync("/api/support/vehicles", new { depotId = cityDepot.Id, plate = "蒙G·00001", capacity = 100, trips = 1 });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var seenByNaiman = (await naiman.GetFromJsonAsync<JsonElement>("/api/support/vehicles")).GetProperty("items").EnumerateArray().Select(v => v.GetProperty("id").GetInt32()).ToList();
        Assert.Contains(own.Id, seenByNaiman);
        Assert.DoesNotContain(cityVehicle.Id, seenByNaiman);
        var seenByCity = (await city.GetFromJsonAsync<JsonElement>($"/api/support/vehicles?depot={naimanDepot.Id}")).GetProperty("items").EnumerateArray().Select(v => v.GetProperty("id").GetInt32()).ToList();
        Assert.Equal([own.Id], seenByCity);

        Assert.Equal(HttpStatusCode.Forbidden, (await naiman.DeleteAsync($"/api/support/vehicles/{cityVehicle.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await city.DeleteAsync($"/api/support/vehicles/{cityVehicle.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await city.DeleteAsync($"/api/support/vehicles/{cityVehicle.Id}")).StatusCode);
        using var db = factory.CreateDbContext();
        var subject = cityVehicle.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.SubjectType == "support-vehicle" && a.SubjectId == subject));
    }

    [Fact]
    public async Task WithAVehicleTheProposalIsTheMipsItsTripLeavesWhatDoesNotFitUnmetAndTheApprovedTripIsTheTransport()
    {
        var city = await factory.SignedInAsync("city");
        var created = await city.PostAsJsonAsync("/api/supplies/items", new { code = $"V-{Guid.NewGuid():N}"[..16], name = "测试隔离衣", category = "防护用品", unit = "件" });
        var item = (await created.Content.ReadFromJsonAsync<ItemDto>())!;
        using (var db = factory.CreateDbContext())
        {
            // 2 L a unit (the catalogue's volume; docs/support.md "Vehicles").
            await db.SupplyItems.Where(i => i.Id == item.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.UnitVolume, 2.0));
        }
        var depot = await DepotAsync(city, City, "市卫生健康委员会");
        Assert.Equal(HttpStatusCode.Created, (await city.PostAsJsonAsync("/api/supplies/movements", new { kind = "receipt", depotId = depot.Id, itemId = item.Id, quantity = 100, reason = "测试" })).StatusCode);
        var vehicle = await VehicleAsync(city, depot.Id, "蒙G·T0001", 100, 1);
        await CityRespondsAtAsync("III");
        var ask = await city.PostAsJsonAsync("/api/support", new
        {
            region = Horqin, kind = "medicalMaterials", lines = new[] { new { itemId = item.Id, quantity = 60 } }, neededBy = factory.Clock.GetUtcNow().AddHours(12),
            destination = "区医疗物资储备库", reason = "隔离衣不足",
        });
        Assert.True(ask.StatusCode == HttpStatusCode.Created, await ask.Content.ReadAsStringAsync());
        var request = (await ask.Content.ReadFromJsonAsync<SupportDto>())!;
        Assert.Equal(HttpStatusCode.OK, (await city.PostAsJsonAsync($"/api/support/{request.Id}/decision", new { decision = "accept" })).StatusCode);

        // 60 × 2 L = 120 L; one trip of 100 L: 50 go, 10 stay unmet although the depot holds 100.
        var proposal = (await city.GetFromJsonAsync<AllocationProposal>("/api/support/allocation"))!;
        Assert.Equal(("mip", "OPTIMAL"), (proposal.Method, proposal.Status));
        Assert.True(proposal.Gap <= 0.01);
        Assert.Equal(50, proposal.Shipments.Where(s => s.RequestId == request.Id).Sum(s => s.Quantity));
        Assert.Equal(10, proposal.Unmet.Where(u => u.RequestId == request.Id).Sum(u => u.Quantity));
        var trip = Assert.Single(proposal.Trips!);
        Assert.Equal((vehicle.Id, "蒙G·T0001", Horqin, 1, 100.0), (trip.VehicleId, trip.Plate, trip.County, trip.Trips, trip.Volume));
        Assert.Equal(0, proposal.GreedyUnmetQuantity);

        var shipments = proposal.Shipments.Select(s => new { s.RequestId, s.DepotId, s.ItemId, s.Quantity }).ToList();
        var badTrips = await city.PostAsJsonAsync("/api/support/allocation", new
        {
            shipments, trips = new object[] { new { vehicleId = 999_999, county = Horqin, trips = 1 }, new { vehicleId = vehicle.Id, county = "150523", trips = 2 } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, badTrips.StatusCode);
        var errors = (await badTrips.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "trips[0].vehicleId", "trips[1].trips", "trips[1].county" }) Assert.True(errors.TryGetProperty(field, out _), field);

        var approved = await city.PostAsJsonAsync("/api/support/allocation", new { shipments, trips = new[] { new { vehicleId = vehicle.Id, county = Horqin, trips = 1 } } });
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        var dispatched = Assert.Single((await approved.Content.ReadFromJsonAsync<List<SupportDto>>())!);
        Assert.Equal("dispatched", dispatched.State);
        Assert.Equal(("蒙G·T0001×1趟", "王师傅", "13900000000"), (dispatched.Transport!.Vehicle, dispatched.Transport.Driver, dispatched.Transport.DriverPhone));
        Assert.Contains(depot.Name, dispatched.Transport.Route);
        Assert.Equal(10, dispatched.Lines[0].Shortfall);
    }

    /// <summary>The city's response put in force at a level, as headquarters do it: proposed, confirmed by an expert, approved.</summary>
    private async Task CityRespondsAtAsync(string level)
    {
        var city = await factory.SignedInAsync("city");
        var expert = await factory.SignedInAsync("expert");
        var proposed = await city.PostAsJsonAsync("/api/decisions", new { region = City, kind = "activate", toLevel = level, reason = "跨旗县传播链，有进一步扩散趋势（§1.5.2.3）" });
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var id = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await expert.PostAsJsonAsync($"/api/decisions/{id}/confirm", new { note = "同意" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await city.PostAsJsonAsync($"/api/decisions/{id}/approve", new { note = "同意" })).StatusCode);
    }
}

public sealed class SqliteSupportVehicleTests() : SupportVehicleTests<SqliteFactory>(new());

public sealed class PostgresSupportVehicleTests() : SupportVehicleTests<PostgresFactory>(new());
