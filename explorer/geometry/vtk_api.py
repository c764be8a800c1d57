"""The VTK classes the app uses, imported from their own modules.

``import vtk`` loads every VTK module (about half a second at start-up, more than the app's own
code); importing this module loads only the few the app needs. Use it as
``from explorer.geometry import vtk_api as vtk``. PyVista loads the OpenGL rendering modules
that give the rendering classes their implementations.
"""

from vtkmodules.vtkCommonCore import vtkDoubleArray, vtkLogger, vtkOutputWindow, vtkPoints, vtkStringOutputWindow
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkImageData, vtkPlane, vtkPolyData, vtkStaticCellLocator
from vtkmodules.vtkFiltersCore import vtkCutter, vtkImplicitPolyDataDistance
from vtkmodules.vtkFiltersGeneral import vtkContourTriangulator, vtkOBBTree
from vtkmodules.vtkFiltersHybrid import vtkPolyDataSilhouette
from vtkmodules.vtkImagingGeneral import vtkImageEuclideanDistance
from vtkmodules.vtkImagingStencil import vtkImageStencilToImage, vtkPolyDataToImageStencil
from vtkmodules.vtkIOXML import vtkXMLPolyDataReader
from vtkmodules.vtkRenderingCore import (
    vtkActor,
    vtkActor2D,
    vtkCellPicker,
    vtkCoordinate,
    vtkPolyDataMapper,
    vtkPolyDataMapper2D,
    vtkProp,
    vtkRenderer,
    vtkTextActor,
)
import vtkmodules.vtkRenderingOpenGL2  # noqa: F401 - the OpenGL implementations of the mappers and actors
import vtkmodules.vtkRenderingFreeType  # noqa: F401 - text

__all__ = [
    "vtkActor", "vtkActor2D", "vtkCellArray", "vtkCellPicker", "vtkContourTriangulator", "vtkCoordinate", "vtkCutter",
    "vtkDoubleArray", "vtkImageData", "vtkImageEuclideanDistance", "vtkImageStencilToImage", "vtkImplicitPolyDataDistance",
    "vtkLogger", "vtkOBBTree", "vtkOutputWindow", "vtkPlane", "vtkPoints", "vtkPolyData", "vtkPolyDataMapper",
    "vtkPolyDataMapper2D", "vtkPolyDataSilhouette", "vtkPolyDataToImageStencil", "vtkProp", "vtkRenderer",
    "vtkStaticCellLocator", "vtkStringOutputWindow", "vtkTextActor",
    "vtkXMLPolyDataReader",
]
