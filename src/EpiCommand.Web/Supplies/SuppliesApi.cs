using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Supplies;
using EpiCommand.Domain.Time;
using EpiCommand.Web.LineLists;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace EpiCommand.Web.Supplies;

/// <summary>Material reserves over HTTP (issue 15 §1, issue 16 §3): the catalogue, the depots, the stock and its ledger.</summary>
public static class SuppliesApi
{
    /// <summary>Who keeps the catalogue and the depots, and moves stock: headquarters and administrators (the service checks again for pages).</summary>
    public static void KeepersOnly(AuthorizationPolicyBuilder policy) => policy.RequireRole(Roles.Headquarters, Roles.Admin);

    public static WebApplicationBuilder AddSupplies(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<StockService>();
        builder.Services.AddScoped<StockSheet>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSupplies(this IEndpointRouteBuilder app)
    {
        var supplies = app.MapGroup("/api/supplies").WithTags("Supplies").RequireJurisdiction().WithRefusals();

        supplies.MapGet("/items", async (StockService service, [FromQuery] string? category, [FromQuery] string? q, [FromQuery] string? after, [FromQuery] string? limit, CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                var c = StockService.CategoryOf(errors, "category", category, required: false);
                var page = new ListQuery { Q = q, After = after, Limit = limit }.Page(errors, StockService.ByCode);
                if (errors.Problem is { } invalid) return invalid.ToHttp();
                return TypedResults.Ok(await service.ItemsAsync(c, q, page, ct));
            })
            .Produces<Page<ItemDto>>().WithName("ListSupplyItems").WithSummary("The reserve catalogue by code, a page at a time; category (protective, drug, convalescentPlasma, reagent, disinfectant, equipment, living, or 防护用品…), q: code or name prefix");
        supplies.MapPost("/items", async (NewItem request, HttpContext http, StockService service, CancellationToken ct) =>
                (await service.CreateItemAsync(request, http.User, ct)).ToCreated(i => $"/api/supplies/items?q={Uri.EscapeDataString(i.Code)}", i => i))
            .Produces<ItemDto>(StatusCodes.Status201Created)
            .RequireAuthorization(KeepersOnly).WithName("CreateSupplyItem").WithSummary("Add an item to the catalogue: code, name, category, unit of measure, optional spec (headquarters or administrator)");

        supplies.MapGet("/depots", async (HttpContext http, AppDbContext db, StockService service, [AsParameters] ListQuery query, CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var list = await query.FilterAsync<Depot, NoStatus>(jurisdiction, db, StockService.DepotsByName, ct);
                if (list.Problem is { } refused) return refused.ToHttp();
                return TypedResults.Ok(await service.DepotsAsync(jurisdiction, list.Value.Filter, list.Value.Page, ct));
            })
            .Produces<Page<DepotDto>>().WithName("ListDepots").WithSummary("The depots of the jurisdiction by name, a page at a time; region, q: name or keeping-unit prefix");
        supplies.MapPost("/depots", async (NewDepot request, HttpContext http, StockService service, CancellationToken ct) =>
                (await service.CreateDepotAsync(request, http.User, http.Jurisdiction(), ct)).ToCreated(d => $"/api/supplies/depots?q={Uri.EscapeDataString(d.Name)}", d => d))
            .Produces<DepotDto>(StatusCodes.Status201Created)
            .RequireAuthorization(KeepersOnly).WithName("CreateDepot").WithSummary("Add a depot: name, region of the jurisdiction, address, keeping unit of the organisation (headquarters or administrator)");

        supplies.MapGet("/stock", async (HttpContext http, AppDbContext db, StockService service, [AsParameters] ListQuery query, [FromQuery] int? depot, [FromQuery] int? item,
                [FromQuery] string? category, [FromQuery] bool? low, CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var errors = new FieldErrors();
                var c = StockService.CategoryOf(errors, "category", category, required: false);
                var list = await query.FilterAsync<StockLevel, NoStatus>(jurisdiction, db, StockService.StockByDepot, ct, errors);
                if (list.Problem is { } refused) return refused.ToHttp();
                return TypedResults.Ok(await service.StockAsync(jurisdiction, list.Value.Filter, new StockFilter(depot, item, c, low == true), list.Value.Page, ct));
            })
            .Produces<Page<StockDto>>().WithName("ListStock")
            .WithSummary("Stock on hand per depot and item, a page at a time; region, depot, item, category, low=true (below its minimum), q: item name, item code or depot name prefix");

        supplies.MapGet("/movements", async (HttpContext http, AppDbContext db, StockService service, [AsParameters] ListQuery query, [FromQuery] int? depot, [FromQuery] int? item,
                CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var list = await query.FilterAsync<StockMovement, MovementKind>(jurisdiction, db, StockService.NewestFirst, ct);
                if (list.Problem is { } refused) return refused.ToHttp();
                return TypedResults.Ok(await service.MovementsAsync(jurisdiction, list.Value.Filter, depot, item, list.Value.Page, ct));
            })
            .Produces<Page<MovementDto>>().WithName("ListStockMovements")
            .WithSummary("The stock ledger, newest first, a page at a time; region, depot, item, status (receipt, issue, transferOut, transferIn, adjustment), from/to, q: reference or user prefix");
        supplies.MapPost("/movements", async (NewMovement request, HttpContext http, StockService service, CancellationToken ct) =>
                (await service.MoveAsync(request, http.User, http.Jurisdiction(), ct))
                    .ToCreated(m => $"/api/supplies/movements?depot={m.Movements[0].DepotId}&item={m.Movements[0].ItemId}", m => m))
            .Produces<MovementsDone>(StatusCodes.Status201Created)
            .RequireAuthorization(KeepersOnly).WithName("MoveStock")
            .WithSummary("Receive, issue, transfer (toDepotId) or count (stocktake: quantity is the count) stock; an issue beyond the stock is refused with 409 naming what is available");

        supplies.MapGet("/stock/export.xlsx", async (HttpContext http, AppDbContext db, StockSheet sheet, TimeProvider clock, [FromQuery] string? region, CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var path = await jurisdiction.RegionFilterAsync(db, region, ct);
                if (path.Problem is { } refused) return refused.ToHttp();
                var rows = await sheet.RowsAsync(jurisdiction, path.Value!, ct);
                return TypedResults.Stream(body => StockSheet.WriteAsync(rows, body, http.RequestAborted), LineListExport.XlsxContentType, $"物资库存-{ChinaTime.Today(clock):yyyyMMdd}.xlsx");
            })
            .Produces(StatusCodes.Status200OK, contentType: LineListExport.XlsxContentType).WithName("ExportStock")
            .WithSummary("The stock of the jurisdiction (or of one region) as an .xlsx: one row per depot and item, in the layout the stocktake import reads");
        // A form post from API clients as well as pages, without an antiforgery token (as the line-list imports; OriginCheck guards the cookie).
        supplies.MapPost("/stock/import", async (IFormFile? file, HttpContext http, StockSheet sheet, CancellationToken ct) =>
            {
                if (file is null || file.Length == 0) return Problem.Invalid("file", Messages.FileFieldMissing).ToHttp();
                if (SheetReader.FormatOf(file.FileName, file.ContentType) is not { } format) return Problem.Invalid("file", Messages.NotASpreadsheet(file.FileName)).ToHttp();
                await using var stream = file.OpenReadStream();
                var result = await sheet.ImportAsync(stream, format, http.User, http.Jurisdiction(), ct);
                if (result.Problem is { } refused) return refused.ToHttp();
                if (result.Imported is { } imported) return TypedResults.Ok(imported);
                // Keyed the way a user finds a cell in the sheet: "row 3, 库存" (the file itself: "file").
                var errors = result.Errors.GroupBy(e => e.Row == 0 ? "file" : $"row {e.Row}, {e.Column}").ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray());
                return TypedResults.ValidationProblem(errors, detail: Messages.StockSheetHasErrors.ToString(), title: Messages.StockSheetHasErrors.ToString(),
                    type: ProblemResults.TypePrefix + "invalid", extensions: new Dictionary<string, object?> { ["rows"] = result.Errors });
            })
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(Limits.UploadBytes))
            .Produces<StocktakeImported>().RequireAuthorization(KeepersOnly).WithName("ImportStocktake")
            .WithSummary("Import a stocktake (.xlsx or .csv, multipart field `file`, the export's layout: 储备库, 物资编码, 库存, optional 最低库存): every row or none; errors by row and column");
        return app;
    }
}
