-- CSS values in HTML attributes as Typst: colours (names, #rgb, #rrggbb, rgb()) and
-- lengths (px, pt, em, %, cm, mm; HTML width="50" is pixels). Used by handout_html.lua
-- (<span style="color: ...">, <font color>) and handout_media.lua (<img width>).

local M = {}

local CSS_COLOURS = {
  black = "#000000", gray = "#808080", grey = "#808080", silver = "#c0c0c0", white = "#ffffff",
  maroon = "#800000", red = "#ff0000", purple = "#800080", fuchsia = "#ff00ff",
  magenta = "#ff00ff", green = "#008000", lime = "#00ff00", olive = "#808000",
  yellow = "#ffff00", navy = "#000080", blue = "#0000ff", teal = "#008080", aqua = "#00ffff",
  cyan = "#00ffff", orange = "#ffa500", darkred = "#8b0000", darkgreen = "#006400",
  darkblue = "#00008b", darkorange = "#ff8c00", brown = "#a52a2a", pink = "#ffc0cb",
}

-- A CSS colour (name, #rgb, #rrggbb, rgb(r, g, b)) as a Typst colour, or nil.
function M.colour(value)
  if not value then return nil end
  value = value:lower():gsub("%s+", "")
  if CSS_COLOURS[value] then return 'rgb("' .. CSS_COLOURS[value] .. '")' end
  if value:match("^#%x%x%x$") or value:match("^#%x%x%x%x%x%x$") then
    return 'rgb("' .. value .. '")'
  end
  local r, g, b = value:match("^rgba?%((%d+),(%d+),(%d+)")
  if r then return "rgb(" .. r .. ", " .. g .. ", " .. b .. ")" end
  return nil
end

-- CSS length in px/pt/em/% (HTML width="50" is pixels) as a Typst length, or nil.
function M.length(value)
  if not value then return nil end
  local number, unit = tostring(value):lower():match("^%s*([%d%.]+)%s*(%a*%%?)%s*$")
  number = tonumber(number)
  if not number then return nil end
  if unit == "" or unit == "px" then return string.format("%.2fpt", number * 0.75) end
  if unit == "%" then return string.format("%g%%", number) end
  if unit == "pt" or unit == "em" or unit == "cm" or unit == "mm" then return number .. unit end
  return nil
end

return M
