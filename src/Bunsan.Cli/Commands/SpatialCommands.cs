using System.CommandLine;
using System.Globalization;
using Bunsan.Core.Geo;
using Bunsan.Core.Spatial;

namespace Bunsan.Cli.Commands;

/// <summary>`bunsan spatial encode|decode`: Japan's 3D spatial ID (空間ID, z/f/x/y).</summary>
public static class SpatialCommands
{
    public static Command Create(CliContext context)
    {
        var command = new Command("spatial",
            "Japan's 3D spatial ID (空間ID, ZFXY z/f/x/y): encode a point, decode an ID to its box.\n\n" +
            "Examples:\n  bunsan spatial encode --lat 35.6812 --lon 139.7671 --alt 40 --zoom 25\n  bunsan spatial decode 25/0/29803148/13212522 --json");
        command.Subcommands.Add(CreateEncode(context));
        command.Subcommands.Add(CreateDecode(context));
        return command;
    }

    private static Command CreateEncode(CliContext context)
    {
        var lat = new Option<double>("--lat") { Description = $"Latitude in degrees (WGS84), -{SpatialId.MaxLatitude} to {SpatialId.MaxLatitude}", Required = true };
        var lon = new Option<double>("--lon") { Description = "Longitude in degrees (WGS84), -180 to 180 (180 is treated as -180)", Required = true };
        var alt = new Option<double>("--alt") { Description = "Altitude in metres above mean sea level (see src/Bunsan.Core/Spatial/README.md), default 0" };
        var zoom = new Option<int>("--zoom") { Description = $"Zoom {SpatialId.MinZoom}..{SpatialId.MaxZoom}; a voxel is 2^(25-zoom) m tall (zoom 25: ~1 m cells)", Required = true };
        var command = new Command("encode",
            "Prints the spatial ID of the voxel containing a point.\n\n" +
            "Example:\n  bunsan spatial encode --lat 35.6812 --lon 139.7671 --alt 40 --zoom 25\n  bunsan spatial encode --lat 35.6812 --lon 139.7671 --zoom 18 --json")
        {
            lat, lon, alt, zoom,
        };
        command.SetAction(parseResult => context.Run(() =>
        {
            int z = parseResult.GetValue(zoom);
            var point = new GeoPoint(parseResult.GetValue(lat), parseResult.GetValue(lon), parseResult.GetValue(alt));
            if (!SpatialId.TryFromPoint(point, z, out SpatialId id, out string? error))
            {
                throw new BadInputException(FieldOf(point, z), error!);
            }
            if (parseResult.GetValue(CliContext.JsonOption))
            {
                context.WriteJson(new { Id = id.ToString(), id.Zoom, id.F, id.X, id.Y });
            }
            else
            {
                context.Out.WriteLine(id.ToString());
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateDecode(CliContext context)
    {
        var idArgument = new Argument<string>("ID") { Description = "A spatial ID z/f/x/y (a leading '/' is accepted), e.g. 25/0/29803148/13212522" };
        var command = new Command("decode",
            "Prints the box (west/east/south/north in degrees, bottom/top in metres) and centre of a spatial ID.\n\n" +
            "Example:\n  bunsan spatial decode 25/0/29803148/13212522\n  bunsan spatial decode /20/1/931281/412914 --json")
        {
            idArgument,
        };
        command.SetAction(parseResult => context.Run(() =>
        {
            if (!SpatialId.TryParse(parseResult.GetValue(idArgument), out SpatialId id, out string? error))
            {
                throw new BadInputException("ID", error!);
            }
            SpatialBounds b = id.Bounds;
            GeoPoint c = id.Center;
            if (parseResult.GetValue(CliContext.JsonOption))
            {
                context.WriteJson(new
                {
                    id.Zoom,
                    id.F,
                    id.X,
                    id.Y,
                    b.West,
                    b.East,
                    b.South,
                    b.North,
                    b.Bottom,
                    b.Top,
                    Center = new { Lat = c.Latitude, Lon = c.Longitude, Alt = c.AltitudeM },
                });
            }
            else
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"spatial ID {id}: zoom {id.Zoom}, f {id.F}, x {id.X}, y {id.Y}\n" +
                    $"  longitude {b.West:R} to {b.East:R}\n" +
                    $"  latitude  {b.South:R} to {b.North:R}\n" +
                    $"  altitude  {b.Bottom:R} m to {b.Top:R} m (voxel {id.VoxelHeightM:R} m tall)\n" +
                    $"  centre    {c.Latitude:R},{c.Longitude:R},{c.AltitudeM:R}"));
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The option to blame, checked in the order TryFromPoint checks.</summary>
    private static string FieldOf(GeoPoint point, int zoom) =>
        !SpatialId.IsValidZoom(zoom) ? "--zoom"
        : !double.IsFinite(point.Latitude) || Math.Abs(point.Latitude) > SpatialId.MaxLatitude ? "--lat"
        : !double.IsFinite(point.Longitude) || Math.Abs(point.Longitude) > 180 ? "--lon"
        : "--alt";
}
