-- Tables for the handout: every pandoc Table becomes a call of the template's
-- `handout-table`, which measures the words with the real fonts and makes the table fit
-- the text width (columns never narrower than their longest unbreakable word; smaller
-- type; split into column groups that repeat the first column), with no hyphenation,
-- a header that repeats on every page, and line breaks allowed after "_".
--
-- Besides the cells, the call carries, per column, the longest unbreakable words and
-- the longest lines of its cells (as text, with a style: 0 plain, 1 bold header,
-- 2 code), which `handout-table` measures to find each column's narrowest and natural
-- widths. Cells spanning several columns are left out of that measure.

local M = {}

local WORDS_KEPT = 5
local LINES_KEPT = 3
local ZWSP = "\u{200B}"
local ALIGN = { AlignLeft = "left", AlignRight = "right", AlignCenter = "center",
  AlignDefault = "left" }

local function ulen(text) return utf8.len(text) or #text end

-- Keep the `n` longest entries of `list` (by characters).
local function longest(list, n)
  table.sort(list, function(a, b)
    if ulen(a[1]) ~= ulen(b[1]) then return ulen(a[1]) > ulen(b[1]) end
    return a[1] < b[1]
  end)
  local out = {}
  for k = 1, math.min(n, #list) do out[k] = list[k] end
  return out
end

-- A word with "\0" where Typst may break a line: after "_" (where `breakable` adds a
-- zero-width space), after "/", after "-" before a letter, and after "." in a URL.
local function pieces(word)
  local marked = word:gsub("_", "_\0"):gsub("/", "/\0"):gsub("%-(%a)", "-\0%1")
  if word:match("^%a+://") then marked = marked:gsub("%.", ".\0") end
  return marked
end

-- The text of inlines, the code spans apart; formulas (already Typst) by their TeX.
local function inline_text(inlines, code, formulas)
  local parts = {}
  for _, el in ipairs(inlines) do
    if el.t == "Str" then
      table.insert(parts, el.text)
    elseif el.t == "Space" or el.t == "SoftBreak" or el.t == "LineBreak" then
      table.insert(parts, el.t == "LineBreak" and "\n" or " ")
    elseif el.t == "Code" then
      table.insert(code, el.text)
      table.insert(parts, " ")
    elseif el.t == "RawInline" then
      table.insert(parts, formulas[el.text] or "")
    elseif el.content then
      table.insert(parts, inline_text(el.content, code, formulas))
    else
      table.insert(parts, pandoc.utils.stringify(el))
    end
  end
  return table.concat(parts)
end

-- Unbreakable words and lines of a cell's blocks; style 1 for header cells.
local function measure_cell(blocks, header, words, lines, formulas)
  local style = header and 1 or 0
  local code = {}
  local texts = {}
  for _, b in ipairs(blocks) do
    if b.t == "Plain" or b.t == "Para" then
      table.insert(texts, inline_text(b.content, code, formulas))
    else
      table.insert(texts, pandoc.utils.stringify(b))
    end
  end
  local text = table.concat(texts, "\n")
  for w in text:gmatch("%S+") do
    for piece in pieces(w):gmatch("[^\0]+") do table.insert(words, { piece, style }) end
  end
  for _, c in ipairs(code) do
    for w in c:gmatch("%S+") do table.insert(words, { w, 2 }) end
  end
  for line in (text .. "\n"):gmatch("(.-)\n") do
    if line:match("%S") then table.insert(lines, { line, #code > 0 and 2 or style }) end
  end
end

-- Break opportunities after "_" (snake_case column names), as JupyterLab's browser wraps.
local function breakable_inlines(inlines)
  for i, el in ipairs(inlines) do
    if el.t == "Str" and el.text:find("_.") then
      inlines[i] = pandoc.Str((el.text:gsub("_(.)", "_" .. ZWSP .. "%1")))
    elseif el.content and el.t ~= "Note" then
      breakable_inlines(el.content)
    end
  end
  return inlines
end

local function breakable(blocks)
  for _, b in ipairs(blocks) do
    if b.t == "Plain" or b.t == "Para" then b.content = breakable_inlines(b.content) end
  end
  return blocks
end

local function typst_words(list, typst_string)
  local parts = {}
  for _, w in ipairs(list) do
    table.insert(parts, "(" .. typst_string(w[1]) .. ", " .. w[2] .. ")")
  end
  return "(" .. table.concat(parts, ", ") .. (#parts == 1 and ",)" or ")")
end

local function typst_array(parts)
  return "(" .. table.concat(parts, ", ") .. (#parts == 1 and ",)" or ")")
end

-- Every cell's markup from one call of `write` (a call costs about a millisecond): the
-- cells are written in one document, with a Typst comment between them, and split.
local SEPARATOR = "// handout-table-cell"

local function write_cells(tbl, write)
  local blocks = pandoc.Blocks({})
  local function add(row)
    for _, cell in ipairs(row.cells) do
      blocks:insert(pandoc.RawBlock("typst", SEPARATOR))
      blocks:extend(breakable(cell.contents))
    end
  end
  for _, row in ipairs(tbl.head.rows) do add(row) end
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.head) do add(row) end
    for _, row in ipairs(body.body) do add(row) end
  end
  for _, row in ipairs(tbl.foot.rows) do add(row) end
  local markup = write(blocks) .. "\n"
  local cells = {}
  local start = 1
  while true do
    local a, b = markup:find(SEPARATOR, start, true)
    if not a then break end
    local c = markup:find(SEPARATOR, b + 1, true)
    table.insert(cells, (markup:sub(b + 1, (c or #markup + 1) - 1):gsub("^%s+", ""):gsub("%s+$", "")))
    start = b + 1
  end
  return cells
end

--- The Typst markup (a RawBlock) of `tbl`; `write` turns blocks into Typst markup.
function M.table(tbl, write, typst_string, formulas)
  local written = write_cells(tbl, write)
  local next_cell = 0
  local function cell_markup()
    next_cell = next_cell + 1
    return written[next_cell]
  end
  local ncols = #tbl.colspecs
  local aligns, words, lines = {}, {}, {}
  for j, spec in ipairs(tbl.colspecs) do
    aligns[j] = ALIGN[spec[1]] or "left"
    words[j], lines[j] = {}, {}
  end
  local occupied = {}
  local spans = false
  local r = 0
  local function row_markup(row, header)
    r = r + 1
    occupied[r] = occupied[r] or {}
    local cells = {}
    local c = 1
    for _, cell in ipairs(row.cells) do
      while occupied[r][c] do c = c + 1 end
      local cs, rs = cell.col_span or 1, cell.row_span or 1
      for dr = 0, rs - 1 do
        occupied[r + dr] = occupied[r + dr] or {}
        for dc = 0, cs - 1 do occupied[r + dr][c + dc] = true end
      end
      if cs == 1 and c <= ncols then
        measure_cell(cell.contents, header, words[c], lines[c], formulas)
      end
      local markup = "[" .. (header and '#set text(weight: "bold");' or "") .. cell_markup() .. "]"
      local args = {}
      if cs > 1 then table.insert(args, "colspan: " .. cs) end
      if rs > 1 then table.insert(args, "rowspan: " .. rs) end
      if cell.alignment and cell.alignment ~= "AlignDefault" then
        table.insert(args, "align: " .. ALIGN[cell.alignment])
      end
      if #args > 0 then
        spans = spans or cs > 1 or rs > 1
        markup = "table.cell(" .. table.concat(args, ", ") .. ")" .. markup
      end
      table.insert(cells, markup)
      c = c + cs
    end
    return typst_array(cells)
  end
  local header, rows = {}, {}
  for _, row in ipairs(tbl.head.rows) do table.insert(header, row_markup(row, true)) end
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.head) do table.insert(rows, row_markup(row, true)) end
    for _, row in ipairs(body.body) do table.insert(rows, row_markup(row, false)) end
  end
  for _, row in ipairs(tbl.foot.rows) do table.insert(rows, row_markup(row, false)) end
  local word_lists, line_lists = {}, {}
  for j = 1, ncols do
    word_lists[j] = typst_words(longest(words[j], WORDS_KEPT), typst_string)
    line_lists[j] = typst_words(longest(lines[j], LINES_KEPT), typst_string)
  end
  local call = "handout-table(\n  columns: " .. ncols
    .. ",\n  aligns: " .. typst_array(aligns)
    .. ",\n  header: " .. typst_array(header)
    .. ",\n  rows: " .. typst_array(rows)
    .. ",\n  words: " .. typst_array(word_lists)
    .. ",\n  lines: " .. typst_array(line_lists)
    .. ",\n  spans: " .. tostring(spans) .. ",\n)"
  local caption = ""
  if tbl.caption and tbl.caption.long and #tbl.caption.long > 0 then
    caption = ", caption: [" .. write(tbl.caption.long) .. "]"
  end
  return pandoc.RawBlock("typst", "#figure(" .. call .. caption .. ", kind: table)")
end

return M
