-- Maths for the handout: MathJax's LaTeX (what JupyterLab shows) as Typst maths, each
-- formula with its TeX as text alternative (tagged PDF, PDF/UA-1, needs one).

local html = require("handout_html")

local M = {}

-- Maths. Tagged PDF (PDF/UA-1) needs a text alternative for every equation: its TeX
-- source. Commands MathJax knows but pandoc's TeX reader does not are rewritten first
-- (labels and tags, mhchem's \pu and \ce, \textcolor, \unicode); a formula that still
-- cannot be converted stops the build rather than print its TeX source.
local function chemistry(formula)
  local f = formula:gsub("<=>", "\\rightleftharpoons "):gsub("%->", "\\rightarrow ")
  f = f:gsub("([%a%)%]])(%d+)", "%1_{%2}")
  return "\\mathrm{" .. f .. "}"
end

local function mathjax_to_texmath(tex)
  local t = tex:gsub("\\label%s*%b{}", ""):gsub("\\nonumber", ""):gsub("\\notag", "")
  t = t:gsub("\\require%s*%b{}", "")
  t = t:gsub("\\tag%*?%s*(%b{})", function(b) return "\\qquad (" .. b:sub(2, -2) .. ")" end)
  t = t:gsub("\\pu%s*(%b{})", "\\text%1")
  t = t:gsub("\\ce%s*(%b{})", function(b) return chemistry(b:sub(2, -2)) end)
  t = t:gsub("\\textcolor%s*%b{}%s*(%b{})", "%1")
  t = t:gsub("\\unicode%s*{x?(%x+)}", function(hex)
    return "\\text{" .. utf8.char(tonumber(hex, 16)) .. "}"
  end)
  return t
end

function M.with_alt(m, fail)
  local converted = pandoc.Math(m.mathtype, mathjax_to_texmath(m.text))
  local markup = pandoc.write(pandoc.Pandoc({ pandoc.Plain({ converted }) }), "typst")
  markup = markup:gsub("%s+$", "")
  if markup:sub(1, 1) ~= "$" then
    fail("the formula " .. m.text:sub(1, 80) .. " cannot be typeset (not understood as LaTeX maths)")
  end
  return pandoc.RawInline("typst",
    "#[#set math.equation(alt: " .. html.typst_string(m.text) .. ");" .. markup .. "];")
end

-- Raw TeX outside maths (pandoc's Markdown reader, text/markdown outputs): an
-- environment such as \begin{align} is maths (MathJax shows it so), anything else
-- shows as the text it is.
function M.raw_tex_block(el)
  if el.text:match("^%s*\\begin%s*{") then
    return pandoc.Para({ pandoc.Math("DisplayMath", el.text) })
  end
  return pandoc.Para({ pandoc.Str(el.text) })
end

return M
