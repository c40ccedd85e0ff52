-- Pandoc Lua filter: an executed notebook (read with `-f ipynb`) becomes a handout.
--
-- Metadata in (publish/pdf.py passes both):
--   version          "student" | "instructor"
--   handout-names    JSON object: the cell tags and cell attributes by constant name
--                    ({"SOLUTION_TAG": ..., "CELL_KEY": ...}, from helpers/project.py and
--                    publish/pandoc_input.py); this filter spells none of them itself.
-- Cell attributes (cell metadata, set by publish/pandoc_input.py's prepare):
--   CELL_KEY         the cell's number in the stored notebook, for messages
--   MARKDOWN_KEY     a Markdown cell, rendered to HTML as JupyterLab shows it
--                    (publish/markdown_cells.py); read here with pandoc's HTML reader
--   ERROR_KEY        what in that Markdown cell cannot reach the handout
-- Cell tags (the `tags` attribute of each cell's Div, a JSON list):
--   INJECTED_PARAMETERS_TAG  papermill's cell: removed from both versions
--   SETUP_TAG        student: whole cell removed;  instructor: shown
--   SOLUTION_TAG     student: whole cell removed;  instructor: shown, boxed as a solution
--   TEACHER_TAG      student: whole cell removed;  instructor: shown (as
--                    publish/notebook_pdfs.py drops them too, so a direct pandoc run
--                    gives the same handout)
--   (code cells)     student: code removed, outputs kept;  instructor: code shown
-- Outputs:
--   a `text/markdown` output reaches pandoc as a RawBlock "markdown": it is parsed, so a
--   table's Markdown form becomes a real table (prepare drops text/plain beside it);
--   plain-text outputs (print, text/plain) are boxed as output.
-- In every kept cell: raw HTML is converted (handout_html.lua), images are copied and shown
-- (handout_media.lua), tables fit the page (handout_tables.lua), every formula gets its TeX
-- as text alternative (handout_maths.lua). What cannot be typeset stops pandoc with one
-- line, "HANDOUT-ERROR: cell N: what", which publish/pdf.py reports with the notebook's name.
-- Each kept cell starts with a Typst comment "// cell N", so that a Typst error (a
-- character no font has) can be traced back to its cell.
-- Title block (handout_document.lua): the first level-1 heading becomes the title, a following
-- paragraph starting with "**Rebuilds:**" becomes `rebuilds`; the other headings move up a level.

package.path = pandoc.path.directory(PANDOC_SCRIPT_FILE) .. "/?.lua;" .. package.path
local html = require("handout_html")
local css = require("handout_css")
local document = require("handout_document")
local media = require("handout_media")
local maths = require("handout_maths")
local tables = require("handout_tables")

local version = "student"
local where = "notebook"
-- The tag and attribute names, read from the metadata "handout-names" (see above).
local names = {}

local function fail(message)
  error("HANDOUT-ERROR: " .. where .. ": " .. message:gsub("%s+", " "), 0)
end

local function has_class(el, name)
  for _, c in ipairs(el.classes) do
    if c == name then return true end
  end
  return false
end

local function decoded(div, key)
  local raw_value = div.attributes[key]
  if raw_value == nil or raw_value == "" then return nil end
  local ok, value = pcall(pandoc.json.decode, raw_value)
  if ok and value ~= nil then return value end
  return raw_value
end

local function tags_of(div)
  local tags = {}
  local list = decoded(div, "tags")
  if type(list) == "table" then
    for _, t in ipairs(list) do tags[t] = true end
  end
  return tags
end

local function raw(text)
  return pandoc.RawBlock("typst", text)
end

local typst_string = html.typst_string

local has_html = false
local raw_block, raw_inline

local function parsed_markdown(text)
  local doc = pandoc.read(text, "markdown")
  return doc:walk({ RawBlock = raw_block, RawInline = raw_inline }).blocks
end

raw_block = function(el)
  if el.format == "markdown" then return parsed_markdown(el.text) end
  if el.format == "tex" or el.format == "latex" then return maths.raw_tex_block(el) end
  if el.format:match("^html") then has_html = true end
  return nil
end

raw_inline = function(el)
  if el.format == "tex" or el.format == "latex" then return pandoc.Str(el.text) end
  if el.format:match("^html") then has_html = true end
  return nil
end

local function span(el)
  if el.attributes.style or el.attributes.color then has_html = true end
end

local function image(img)
  return media.image(img, fail, typst_string, css.length)
end

-- The TeX of each formula already turned into Typst, for measuring table cells.
local formulas = {}

local function formula(m)
  local converted = maths.with_alt(m, fail)
  formulas[converted.text] = m.text
  return converted
end

local function write(blocks)
  return (pandoc.write(pandoc.Pandoc(blocks), "typst"):gsub("%s+$", ""))
end

local function typeset_table(tbl)
  return tables.table(tbl, write, typst_string, formulas)
end

-- Everything of one kept cell made typesettable, or `fail`. One walk finds raw content
-- (parsing Markdown outputs, noting HTML), one converts HTML where there is any, one
-- converts images and formulas and then (pandoc walks inlines first) tables.
local function process(blocks)
  has_html = false
  local doc = pandoc.Pandoc(blocks):walk({ RawBlock = raw_block, RawInline = raw_inline,
    Span = span })
  if has_html then doc = pandoc.Pandoc(html.convert(doc.blocks, fail)) end
  doc = doc:walk({ Image = image, Math = formula, Table = typeset_table })
  return doc.blocks
end

-- Box plain-text outputs; keep the others.
local function output_blocks(div)
  local blocks = pandoc.Blocks({})
  for _, b in ipairs(div.content) do
    if b.t == "CodeBlock" then
      blocks:insert(raw("#output["))
      blocks:insert(b)
      blocks:insert(raw("]"))
    else
      blocks:insert(b)
    end
  end
  return blocks
end

local function code_cell(div, tags)
  if tags[names.INJECTED_PARAMETERS_TAG] then return {} end
  if version == "student"
      and (tags[names.SETUP_TAG] or tags[names.SOLUTION_TAG] or tags[names.TEACHER_TAG]) then
    return {}
  end
  local blocks = pandoc.Blocks({})
  for _, b in ipairs(div.content) do
    if b.t == "CodeBlock" then
      if version == "instructor" then
        blocks:insert(raw("#code["))
        blocks:insert(b)
        blocks:insert(raw("]"))
      end
    elseif b.t == "Div" and has_class(b, "output") then
      blocks:extend(output_blocks(b))
    else
      blocks:insert(b)
    end
  end
  if #blocks == 0 then return {} end
  if tags[names.SOLUTION_TAG] then
    blocks:insert(1, raw("#solution["))
    blocks:insert(raw("]"))
  end
  return blocks
end

local function markdown_cell(div)
  local problem = decoded(div, names.ERROR_KEY)
  if problem then fail(tostring(problem)) end
  local blocks = pandoc.Blocks({})
  for _, b in ipairs(div.content) do
    if b.t == "RawBlock" then blocks:extend(html.read(b.text, fail)) else blocks:insert(b) end
  end
  return blocks
end

local function cell(div)
  if not has_class(div, "cell") then return nil end
  local tags = tags_of(div)
  local number = decoded(div, names.CELL_KEY)
  where = number and ("cell " .. math.tointeger(number)) or "a cell"
  local blocks
  if has_class(div, "code") then
    blocks = code_cell(div, tags)
  elseif version == "student" and (tags[names.SOLUTION_TAG] or tags[names.TEACHER_TAG]) then
    blocks = {}
  elseif decoded(div, names.MARKDOWN_KEY) then
    blocks = markdown_cell(div)
  else
    blocks = div.content
  end
  if #blocks == 0 then return {} end
  blocks = process(blocks)
  table.insert(blocks, 1, raw("// " .. where))
  where = "notebook"
  return blocks
end

-- The names of the cell tags and attributes, as publish/pdf.py passes them.
local function read_names(meta)
  local given = meta["handout-names"]
  local ok, value = pcall(pandoc.json.decode, given and pandoc.utils.stringify(given) or "")
  if not ok or type(value) ~= "table" then
    fail("the metadata handout-names (the cell tag names, a JSON object) is missing; "
      .. "run pandoc through publish/pdf.py")
  end
  return value
end

function Pandoc(doc)
  if doc.meta.version ~= nil then
    version = pandoc.utils.stringify(doc.meta.version)
  end
  names = read_names(doc.meta)
  -- Cells (outermost Divs): kept or dropped by version, then made typesettable.
  doc = doc:walk({ traverse = "topdown", Div = function(div)
    local result = cell(div)
    if result == nil then return nil end
    return result, false
  end })
  doc = document.internal_links(doc)
  return document.title_block(doc)
end
